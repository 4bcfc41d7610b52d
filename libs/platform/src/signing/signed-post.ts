import { signedHeaders } from './hmac-signature.js';

/** How an outside platform answered a push: `accepted` (also as a repeat); `retry` later; `rejected` for good. */
export type PushOutcome = { outcome: 'accepted' } | { outcome: 'retry' | 'rejected'; error: string };

/**
 * POST `body` (JSON) to an outside platform, signed (libs/platform `signedHeaders`, a fresh nonce per call), the
 * answer classified as the provincial platforms answer: 2xx, and 409 (already there), accepted; 5xx, 429, a timeout
 * or a network error, retry; any other 4xx, rejected. `nowMs` is real time: the platform compares it with its own.
 */
export async function postSigned(url: string, credentials: { appKey: string; secret: string }, body: string, timeoutMs: number, nowMs: number): Promise<PushOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...signedHeaders(credentials.appKey, credentials.secret, body, nowMs) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { outcome: 'retry', error: noAnswer(err) };
  }
  const text = (await res.text().catch(() => '')).slice(0, 300);
  if (res.ok || res.status === 409) return { outcome: 'accepted' };
  if (res.status >= 500 || res.status === 429) return { outcome: 'retry', error: `HTTP ${res.status} ${text}` };
  return { outcome: 'rejected', error: `HTTP ${res.status} ${text}` };
}

/** A request that got no answer, as the backlog shows it: `no answer: timeout` or the network error. */
export function noAnswer(err: unknown): string {
  return `no answer: ${(err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message}`.slice(0, 500);
}
