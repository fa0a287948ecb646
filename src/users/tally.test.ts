import { describe, expect, it } from 'vitest';
import { XloadError } from '../errors.js';
import { StanzaError } from '../xmpp/errors.js';
import { Tally, asXloadError } from './tally.js';

describe('Tally (idempotence accounting)', () => {
  it('counts existing accounts as existed, not as failures', () => {
    const t = new Tally();
    t.record('u1', 'done');
    t.record('u2', 'already');
    t.record('u3', 'already');
    const r = t.result('create', 'ibr', 3, 1000);
    expect(r).toMatchObject({ action: 'create', created: 1, existed: 2, failed: 0, skipped: 0, firstError: null, perSecond: 3 });
  });

  it('names delete counts deleted and missing', () => {
    const t = new Tally();
    t.record('u1', 'done');
    t.record('u2', 'already');
    expect(t.result('delete', 'ejabberd-api', 2, 500)).toMatchObject({ action: 'delete', deleted: 1, missing: 1, failed: 0, perSecond: 4 });
  });

  it('keeps the first error with its class and account, counts the rest, and what was never reached as skipped', () => {
    const t = new Tally();
    t.record('u1', 'done');
    t.record('u2', new StanzaError('not-allowed'));
    t.record('u3', new XloadError('timeout', 'reply timed out'));
    const r = t.result('create', 'ibr', 10, 2000);
    expect(r).toMatchObject({ created: 1, existed: 0, failed: 2, skipped: 7 });
    expect(r.firstError).toEqual({ code: 'stanza_error.not-allowed', message: 'stanza error not-allowed', account: 'u2' });
    // Only successful outcomes make the rate.
    expect(r.perSecond).toBe(0.5);
    expect(t.finished).toBe(3);
  });

  it('reports a rate of 0 for a batch that took no time', () => {
    expect(new Tally().result('create', 'ibr', 1, 0).perSecond).toBe(0);
  });

  it('turns a stray exception into a named internal error', () => {
    const e = asXloadError(new TypeError('boom'));
    expect(e.code).toBe('internal');
    expect(e.message).toContain('bug in xload: boom');
    const x = new XloadError('timeout', 't');
    expect(asXloadError(x)).toBe(x);
  });
});
