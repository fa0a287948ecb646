import { describe, expect, it } from 'vitest';
import { accountAt, checkUsersOptions, defaultConcurrency, parseHostPort } from './options.js';
import { UsersOptionError } from './errors.js';
import type { UsersInput } from './options.js';

function problems(input: UsersInput): string[] {
  try {
    checkUsersOptions(input);
  } catch (err) {
    if (err instanceof UsersOptionError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('checkUsersOptions', () => {
  it('fills the defaults: user<n>/pwd<n> from 1 on localhost, ibr with 50 streams', () => {
    const o = checkUsersOptions({ count: 10 });
    expect(o).toMatchObject({
      count: 10,
      from: 1,
      prefix: 'user',
      passwordPrefix: 'pwd',
      domain: 'localhost',
      via: 'ibr',
      server: { host: '127.0.0.1', port: 5222 },
      concurrency: 50,
      apiUrl: 'http://127.0.0.1:5280/api',
    });
    expect(accountAt(o, 0)).toEqual({ user: 'user1', password: 'pwd1' });
    expect(accountAt({ ...o, from: 7 }, 2)).toEqual({ user: 'user9', password: 'pwd9' });
  });

  it('picks the parallelism of each via', () => {
    expect(defaultConcurrency('ibr')).toBe(50);
    expect(defaultConcurrency('ejabberd-api')).toBe(1);
    expect(defaultConcurrency('ejabberdctl')).toBe(4);
    expect(checkUsersOptions({ count: 1, via: 'prosodyctl' }).concurrency).toBe(1);
    expect(checkUsersOptions({ count: 1, via: 'ejabberdctl', concurrency: 2 }).concurrency).toBe(2);
  });

  it.each<[string, UsersInput, RegExp]>([
    ['count 0', { count: 0 }, /^--count 0: expected a whole number/],
    ['negative count', { count: -3 }, /^--count -3/],
    ['fractional count', { count: 2.5 }, /^--count 2\.5/],
    ['NaN count (yargs turns "abc" into NaN)', { count: Number.NaN }, /^--count NaN/],
    ['negative from', { count: 1, from: -1 }, /^--from -1/],
    ['numbers past 2^31', { count: 10, from: 2 ** 31 - 5 }, /above 2147483647/],
    ['prefix with a space', { count: 1, prefix: 'a b' }, /^--prefix 'a b'/],
    ['prefix with @', { count: 1, prefix: 'a@b' }, /^--prefix/],
    ['empty prefix', { count: 1, prefix: '' }, /^--prefix ''/],
    ['password with a space', { count: 1, passwordPrefix: 'p w' }, /^--password-prefix/],
    ['domain with a slash', { count: 1, domain: 'a/b' }, /^--domain/],
    ['unknown via', { count: 1, via: 'ldap' }, /^--via ldap: expected one of ibr, ejabberd-api, ejabberdctl, prosodyctl/],
    ['server without port', { count: 1, server: 'localhost' }, /^--server localhost: expected HOST:PORT/],
    ['server port 0', { count: 1, server: 'localhost:0' }, /^--server/],
    ['concurrency 0', { count: 1, concurrency: 0 }, /^--concurrency 0/],
    ['timeout 0', { count: 1, timeoutMs: 0 }, /^--timeout: 0 is out of range; expected a number of seconds above 0/],
    ['timeout past the timer limit', { count: 1, timeoutMs: 2 ** 31 }, /^--timeout: 2147483\.648 is out of range; .*at most 2147483\.647/],
    ['timeout 1e308 s', { count: 1, timeoutMs: 1e308 * 1000 }, /^--timeout: Infinity is not a usable number/],
    ['timeout Infinity', { count: 1, timeoutMs: Infinity }, /^--timeout: Infinity is not a usable number/],
    ['timeout NaN', { count: 1, timeoutMs: Number.NaN }, /^--timeout: not a number/],
    ['negative timeout', { count: 1, timeoutMs: -1000 }, /^--timeout: -1 is out of range/],
    ['api url without scheme', { count: 1, apiUrl: '127.0.0.1:5280/api' }, /^--api-url/],
  ])('refuses %s', (_name, input, re) => {
    const p = problems(input);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(re);
  });

  it("takes a timeout up to Node's timer limit", () => {
    expect(checkUsersOptions({ count: 1, timeoutMs: 2 ** 31 - 1 }).timeoutMs).toBe(2 ** 31 - 1);
    expect(checkUsersOptions({ count: 1, timeoutMs: 1 }).timeoutMs).toBe(1);
  });

  it('reports every problem at once, on one line, with code usage', () => {
    expect.assertions(4);
    try {
      checkUsersOptions({ count: 0, from: -1, prefix: 'x y', via: 'nope' });
    } catch (err) {
      expect(err).toBeInstanceOf(UsersOptionError);
      expect((err as UsersOptionError).code).toBe('usage');
      expect((err as UsersOptionError).problems).toHaveLength(4);
      expect((err as UsersOptionError).message).not.toContain('\n');
    }
  });

  it('parses HOST:PORT, IPv6 in brackets too', () => {
    expect(parseHostPort('127.0.0.1:5322')).toEqual({ host: '127.0.0.1', port: 5322 });
    expect(parseHostPort('[::1]:5222')).toEqual({ host: '::1', port: 5222 });
    expect(parseHostPort('host:99999')).toBeNull();
    expect(parseHostPort('host')).toBeNull();
  });

  it('drops a trailing slash of the API url', () => {
    expect(checkUsersOptions({ count: 1, apiUrl: 'http://127.0.0.1:5280/api/' }).apiUrl).toBe('http://127.0.0.1:5280/api');
  });
});
