/** What bin/xload.js loads: the CLI and Node's warning filter, as one bundle entry (entry-url.ts). */
export { main } from './cli/main.js';
export { installWarningHandler } from './node-warnings.js';
