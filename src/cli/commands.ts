import type { AnyCommand } from './command.js';
import { checkCommand } from './check.js';
import { startCommand } from './start.js';
import { reportCommand } from './report.js';

/** Every command the CLI knows; each lives in its own file. */
export const commands: AnyCommand[] = [checkCommand, startCommand, reportCommand];
