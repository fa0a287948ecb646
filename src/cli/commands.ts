import type { AnyCommand } from './command.js';
import { checkCommand } from './check.js';
import { startCommand } from './start.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { agentCommand } from './agent.js';
import { usersCommand } from './users.js';
import { capacityCommand } from './capacity.js';
import { storyCommand } from './story.js';

/** Every command the CLI knows; each lives in its own file. */
export const commands: AnyCommand[] = [
  checkCommand,
  startCommand,
  reportCommand,
  compareCommand,
  agentCommand,
  usersCommand,
  capacityCommand,
  storyCommand,
];
