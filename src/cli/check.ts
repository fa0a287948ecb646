import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';

// Placeholder until the command lands; replaced by its owner.
export const checkCommand = defineCommand({
  command: 'check',
  describe: 'check (not yet implemented)',
  builder: (y) => y,
  run: async (_args, io) => {
    io.stderr.write('xload: check is not implemented yet\n');
    return ExitCode.internal;
  },
});
