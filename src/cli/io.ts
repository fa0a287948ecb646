/**
 * Everything a command touches outside the process: output streams, environment, cwd,
 * signals. Injected so tests can drive the CLI in-process and read what it printed.
 */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Subscribe to SIGINT/SIGTERM/SIGHUP (SIGHUP handled as SIGTERM); the handler gets the
   * signal's name so a run records what stopped it. Returns an unsubscribe function. Absent in tests.
   */
  onSignal?: (handler: (signal: StopSignal) => void) => () => void;
}

/** The signals that stop a run or an agent. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
