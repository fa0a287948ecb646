import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand, type AnyCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import { startCommand } from './start.js';
import { checkFlags } from '../ranges.js';
import { defaultStoryName } from '../scenario/validate-story.js';

interface StoryArgs {
  story: string;
  users: number;
  rate: number;
  name?: string;
  export: string;
  prefix: string;
  'password-prefix': string;
  domain: string;
}

/** Each run is one static `<user>` line of the generated scenario. */
const MAX_RUNS = 100_000;

/** XML-escapes an attribute value (a path may hold & or quotes). */
function xmlAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/**
 * The scenario `xload story` runs: one session of one `<story>` step, started `users`
 * times at `rate` per second as static users (exact count and spacing, where an arrival
 * phase's Poisson draw would start a few more or less), against 127.0.0.1:5222 unless
 * --server says otherwise. It is an ordinary scenario, copied into the run folder.
 */
export function storyScenario(o: {
  file: string;
  name: string;
  exportName: string;
  users: number;
  rate: number;
  prefix: string;
  passwordPrefix: string;
  domain: string;
}): string {
  const starts: string[] = [];
  for (let i = 0; i < o.users; i++)
    starts.push(`    <user session="${o.name}" start_time="${Math.round((i * 1000) / o.rate)}" unit="millisecond"/>`);
  return `<?xml version="1.0"?>
<!-- Written by \`xload story\`: ${o.users} runs of ${xmlAttr(o.file)} at ${o.rate}/s. -->
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true" maxusers="${Math.max(o.users, 1)}"/></clients>
  <servers><server host="127.0.0.1" port="5222" type="tcp"/></servers>
  <load>
${starts.join('\n')}
  </load>
  <options>
    <option type="ts_jabber" name="domain" value="${xmlAttr(o.domain)}"/>
    <option type="ts_jabber" name="username" value="${xmlAttr(o.prefix)}"/>
    <option type="ts_jabber" name="passwd" value="${xmlAttr(o.passwordPrefix)}"/>
  </options>
  <sessions>
    <session name="${o.name}" probability="100" type="ts_jabber">
      <story file="${xmlAttr(o.file)}" name="${o.name}" export="${xmlAttr(o.exportName)}"/>
    </session>
  </sessions>
</tsung>
`;
}

/** `xload story FILE --users N --rate R`: a story module as load, with start's outputs and flags. */
export const storyCommand: AnyCommand = defineCommand<StoryArgs>({
  command: 'story <story>',
  describe: 'run a story module (defineStory) as load: each run is a session, each failed assertion an error class',
  builder: (y) =>
    (startCommand.builder(y) as unknown as Argv)
      .positional('story', { type: 'string', describe: 'the story module (.mjs), e.g. chat.story.mjs' })
      .option('users', { type: 'number', default: 1, describe: 'how many times the story runs (each a session)' })
      .option('rate', { type: 'number', default: 1, describe: 'story runs started per second' })
      .option('name', { type: 'string', describe: 'name in metrics and error classes (default: the file name)' })
      .option('export', { type: 'string', default: 'default', describe: "the module's export that holds the story" })
      .option('prefix', { type: 'string', default: 'user', describe: 'account names: PREFIX<n> (n from 1, k per run for k story users)' })
      .option('password-prefix', { type: 'string', default: 'pwd', describe: 'passwords: PASSWORD-PREFIX<n>' })
      .option('domain', { type: 'string', default: 'localhost', describe: "the server's XMPP domain" })
      .example('$0 story chat.story.mjs --users 200 --rate 20', '200 runs of the chat story, 20 started per second')
      .example(
        '$0 story chat.story.mjs --users 50 --threshold "rate(errors) == 0"',
        'a story as a release gate',
      ) as unknown as Argv<StoryArgs>,
  run: async (args, io) => {
    const bad =
      checkFlags([
        ['users', args.users, 'positiveCount'],
        ['rate', args.rate, 'ratePerSecond'],
      ]) ??
      (args.users > MAX_RUNS
        ? `--users ${args.users}: at most ${MAX_RUNS} runs here; for more, write a scenario with an <arrivalphase> and a <story> step`
        : undefined);
    if (bad) {
      io.stderr.write(`xload: ${bad}\n`);
      return ExitCode.usage;
    }
    const file = resolve(io.cwd, args.story);
    const name = args.name ?? (defaultStoryName(file) || 'story');
    const dir = mkdtempSync(join(tmpdir(), 'xload-story-'));
    const scenario = join(dir, `${name}.story.xml`);
    writeFileSync(
      scenario,
      storyScenario({
        file,
        name,
        exportName: args.export,
        users: args.users,
        rate: args.rate,
        prefix: args.prefix,
        passwordPrefix: args['password-prefix'],
        domain: args.domain,
      }),
    );
    return startCommand.run({ ...args, file: scenario }, io);
  },
});
