/** The package entry: `import { story, stanza, is } from 'xload'`, and the XMPP client layer. */
export * from './story/index.js';
export * as xmpp from './xmpp/index.js';
export { XloadError } from './errors.js';
export { XLOAD_VERSION } from './version.js';
