/**
 * One HTTP request with a deadline, for the HTTP monitors (Node's fetch). A non-2xx
 * status is an error carrying the status and the start of the body.
 */
export async function getText(url: string, timeoutMs: number, accept: string, body?: string): Promise<string> {
  // fetch refuses a URL with credentials in it: `user:password@` becomes Basic auth (RFC 7617).
  const target = new URL(url);
  const auth: Record<string, string> = {};
  if (target.username || target.password) {
    const pair = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    auth.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  target.username = '';
  target.password = '';
  const res = await fetch(target, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? { accept, ...auth } : { accept, 'content-type': 'application/json', ...auth },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${target.href}: ${text.slice(0, 120).trim()}`);
  return text;
}
