import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSIONS } from './extensions.js';

/**
 * Our own fixtures are real Tsung: Tsung's loader (xmerl_scan with DTD validation, as in
 * ts_config:read/2) accepts them once xload's extension attributes are taken out. Needs
 * Erlang, which Debian's tsung package brings (scripts/setup-system.sh).
 */
const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/scenarios');

function tsungAccepts(files: string[], dir: string): Record<string, string> {
  const list = files.map((f) => `"${f}"`).join(',');
  const out = execFileSync(
    'erl',
    [
      '-noshell',
      '-eval',
      `
    lists:foreach(fun(F) ->
      R = case catch xmerl_scan:file(F, [{validation,true},{fetch_path,["/usr/share/tsung/"]},{quiet,true}]) of
            {E, _} when element(1, E) == xmlElement -> ok;
            Other -> Other
          end,
      io:format("~s ~w~n", [F, R]) end, [${list}]),
    halt().`,
    ],
    { cwd: dir, encoding: 'utf8', timeout: 30_000 },
  );
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]),
  );
}

describe("fixtures pass Tsung's own DTD validation", () => {
  it('muc-nested, bosh-csv, badpop-99 and all-features (without xload extensions)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-dtd-'));
    for (const f of ['muc-nested.xml', 'bosh-csv.xml', 'badpop-99.xml']) copyFileSync(join(FIXTURES, f), join(dir, f));
    let all = readFileSync(join(FIXTURES, 'all-features.xml'), 'utf8');
    for (const e of EXTENSIONS) all = all.replace(new RegExp(`(<${e.element}\\b[^>]*?)\\s${e.attribute}="[^"]*"`, 'g'), '$1');
    writeFileSync(join(dir, 'all-features.xml'), all);
    expect(tsungAccepts(['muc-nested.xml', 'bosh-csv.xml', 'badpop-99.xml', 'all-features.xml'], dir)).toEqual({
      'muc-nested.xml': 'ok',
      'bosh-csv.xml': 'ok',
      'badpop-99.xml': 'ok',
      'all-features.xml': 'ok',
    });
  });
});
