import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XloadError } from '../../errors.js';
import { StoryAssertionError, StoryTimeoutError, StoryUnreadError } from '../../story/errors.js';
import { loadStory, storyAccounts, storyFailure, storyServerOf } from './story-run.js';

describe('story runs in the VM', () => {
  it('gives each session k fresh pool accounts after its id, and keeps explicit accounts', () => {
    expect(storyAccounts({ alice: 1, bob: 2 }, 1, 'user', 'pwd')).toEqual({
      alice: { username: 'user1', password: 'pwd1', resources: 1 },
      bob: { username: 'user2', password: 'pwd2', resources: 2 },
    });
    expect(storyAccounts({ alice: 1, bob: 1 }, 3, 'u', 'p')).toEqual({
      alice: { username: 'u5', password: 'p5', resources: 1 },
      bob: { username: 'u6', password: 'p6', resources: 1 },
    });
    const admin = { username: 'admin', password: 'secret' };
    expect(storyAccounts({ admin, bob: 1 }, 2, 'u', 'p')).toEqual({ admin, bob: { username: 'u4', password: 'p4', resources: 1 } });
  });

  it("maps the scenario's server type to a story transport", () => {
    const opts = { websocketPath: '/ws', boshPath: '/bosh' };
    expect(storyServerOf({ host: 'h', port: 5222, type: 'tcp', weight: 1 }, 'd', opts)).toEqual({
      server: { host: 'h', domain: 'd', port: 5222 },
      transport: 'tcp',
    });
    expect(storyServerOf({ host: 'h', port: 5223, type: 'ssl', weight: 1 }, 'd', opts).transport).toBe('tls');
    expect(storyServerOf({ host: 'h', port: 5280, type: 'websocket', weight: 1 }, 'd', opts)).toEqual({
      server: { host: 'h', domain: 'd', httpPort: 5280, websocketPath: '/ws' },
      transport: 'websocket',
    });
    expect(storyServerOf({ host: 'h', port: 5280, type: 'bosh', weight: 1 }, 'd', opts).server.boshPath).toBe('/bosh');
    expect(() => storyServerOf({ host: 'h', port: 5281, type: 'bosh_ssl', weight: 1 }, 'd', opts)).toThrow(/type="bosh_ssl" yet/);
  });

  it('counts a failure under what failed', () => {
    expect(storyFailure(new StoryAssertionError('m', 'chatMessage')).code).toBe('story_assertion.chatMessage');
    expect(storyFailure(new StoryTimeoutError('m', 'waitFor')).code).toBe('story_timeout.waitFor');
    expect(storyFailure(new StoryUnreadError('m')).code).toBe('story_unread');
    const login = new XloadError('auth_failed.not-authorized', 'no');
    expect(storyFailure(login)).toBe(login);
    expect(storyFailure(new TypeError('x is undefined')).code).toBe('story_error.TypeError');
    expect(storyFailure('a string').code).toBe('story_error.thrown');
    const odd = new Error('e');
    odd.name = 'has spaces';
    expect(storyFailure(odd).code).toBe('story_error.thrown');
  });

  it('loads a module once, and says what a module without a story exports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-story-load-'));
    const file = join(dir, 'x.mjs');
    writeFileSync(
      file,
      "export const a = 1; export default { kind: 'xload.story/1', options: { users: { alice: 1 } }, body: async () => {} };\n",
    );
    const def = await loadStory({ file, export: 'default' });
    expect(def.options.users).toEqual({ alice: 1 });
    expect(loadStory({ file, export: 'default' })).toBe(loadStory({ file, export: 'default' }));
    await expect(loadStory({ file, export: 'a' })).rejects.toMatchObject({
      code: 'story_load',
      message: expect.stringMatching(/export 'a' is not a story \(it exports a, default\)/),
    });
    await expect(loadStory({ file: join(dir, 'none.mjs'), export: 'default' })).rejects.toMatchObject({
      code: 'story_load',
      message: expect.stringMatching(/cannot import it/),
    });
  });
});
