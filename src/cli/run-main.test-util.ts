import { main } from './main.js';

/** What one in-process `xload ...` returned and printed. */
export interface MainResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with `argv`, in `cwd`, an empty environment, output captured. */
export async function runMain(cwd: string, ...argv: string[]): Promise<MainResult> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
  });
  return { code, out, err };
}
