/** The story API (issue 16): escalus-style functional tests on xload's own XMPP code. */
export { defineStory, runStory, isStoryDefinition, type StoryDefinition, type StoryDefinitionOptions } from './define.js';
export { story, type StoryOptions, type StoryClients, type UserSpec, type UsersSpec } from './story.js';
export { StoryClient, receiverOf, type Stanza } from './client.js';
export { stanza, newId, type PresenceOptions, type PresenceType } from './stanza.js';
export { is } from './is.js';
export { predicate, type Predicate } from './predicate.js';
export { assertIs, assertMany, rosterContains } from './assert.js';
export { waitForStanza, waitForStanzas, waitFor, assertNoStanzas, DEFAULT_WAIT_MS, type WaitOptions } from './wait.js';
export { bareJid, resourceOf, type Addressee } from './jid.js';
export { formatHistory, type HistoryEntry } from './history.js';
export { STORY_TRANSPORTS, type StoryServer, type StoryTransport } from './transport.js';
export { StoryAssertionError, StoryConfigError, StoryFreshError, StoryTimeoutError, StoryUnreadError } from './errors.js';
export type { FreshOptions } from './fresh.js';
export { NS } from './ns.js';
