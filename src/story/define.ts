/**
 * A story as a value: the same file runs as a test (`runStory(chat, server)`) and as load
 * (`<story file="chat.story.mjs"/>` in a scenario, or `xload story chat.story.mjs`), where
 * the engine supplies the server, the transport and the accounts of each run.
 */
import { StoryConfigError } from './errors.js';
import { story, type StoryClients, type StoryOptions, type UsersSpec } from './story.js';
import type { StoryServer } from './transport.js';

const BRAND = 'xload.story/1';

/** What a story module exports: its options (users as counts or accounts) and its body. */
export interface StoryDefinition<U extends UsersSpec = UsersSpec> {
  readonly kind: typeof BRAND;
  readonly options: StoryDefinitionOptions<U>;
  readonly body: (clients: StoryClients<U>) => Promise<unknown>;
}

/** story()'s options; the server may wait for runStory() (a test) or the scenario (load). */
export type StoryDefinitionOptions<U extends UsersSpec> = Omit<StoryOptions<U>, 'server'> & { server?: StoryServer };

export function defineStory<U extends UsersSpec>(
  options: StoryDefinitionOptions<U>,
  body: (clients: StoryClients<U>) => Promise<unknown>,
): StoryDefinition<U> {
  if (typeof body !== 'function') throw new StoryConfigError('defineStory(options, body): body must be an async function');
  if (!options || typeof options.users !== 'object' || Object.keys(options.users).length === 0) {
    throw new StoryConfigError('defineStory(options, body): options.users must name at least one user, e.g. { alice: 1, bob: 1 }');
  }
  return Object.freeze({ kind: BRAND, options, body });
}

export function isStoryDefinition(v: unknown): v is StoryDefinition {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === BRAND;
}

/** Runs a defined story once, as a test: `server` and `overrides` win over the definition's. */
export function runStory<U extends UsersSpec>(
  def: StoryDefinition<U>,
  server?: StoryServer,
  overrides: Partial<StoryOptions<U>> = {},
): Promise<unknown> {
  const at = server ?? overrides.server ?? def.options.server;
  if (!at) throw new StoryConfigError('runStory(story, server): no server given and the story names none');
  return story({ ...def.options, ...overrides, server: at } as StoryOptions<U>, def.body);
}
