/**
 * One HTTP request with a deadline, for the HTTP monitors (Node's fetch). A non-2xx
 * status is an error carrying the status and the start of the body.
 */
export async function getText(url: string, timeoutMs: number, accept: string, body?: string): Promise<string> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? { accept } : { accept, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}: ${text.slice(0, 120).trim()}`);
  return text;
}
