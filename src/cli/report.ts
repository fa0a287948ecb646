import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';

// Placeholder until the command lands; replaced by its owner.
export const reportCommand = defineCommand({
  command: 'report',
  describe: 'report (not yet implemented)',
  builder: (y) => y,
  run: async (_args, io) => {
    io.stderr.write('xload: report is not implemented yet\n');
    return ExitCode.internal;
  },
});
