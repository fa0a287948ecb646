/** The request handlers' contract, from the VM's leaf module (user-api.ts). */
export { Sent, type RequestHandler } from '../user-api.js';
