/**
 * Everything a command touches outside the process: output streams, environment, cwd,
 * signals. Injected so tests can drive the CLI in-process and read what it printed.
 */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Subscribe to SIGINT/SIGTERM; returns an unsubscribe function. Absent in tests. */
  onSignal?: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
}
