/**
 * The one client login of xload (flow.ts) and the steps it is built from, which the
 * engine's single-step requests (auth_sasl, auth_sasl_bind, starttls, ...) reuse.
 */
export { LoginFlow, login } from './flow.js';
export { loginAsync } from './promise.js';
export type { LoginCallback, LoginConfig, LoginObserver, LoginOptions, LoginResult, SmConfig, SmResult } from './options.js';
export { Reply, iqAnswer, type StepAnswer } from './reply.js';
export { SaslStep, saslPayload, type SaslWant } from './sasl-step.js';
export { starttlsAnswer } from './starttls-step.js';
export { bindAnswer, boundJid, legacyAuthAnswer, sessionAnswer } from './iq-steps.js';
export { enableAnswer, resumeAnswer, type EnableAnswer, type ResumeAnswer } from './sm-steps.js';
