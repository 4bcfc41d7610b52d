import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed HTTP JSON calls between the hall and an outside platform (the EMS open platform, both ways): each
 * request carries the caller's app key, a timestamp (unix seconds), a one-time nonce and
 * `HMAC-SHA256(secret, appKey + "\n" + timestamp + "\n" + nonce + "\n" + body)` in hex, where `body` is the exact
 * bytes sent (empty for a GET). The receiver checks the key, the signature (in constant time), that the timestamp is
 * within its allowed skew of its own real time, and that it has not seen the nonce within that window.
 */
export const SIGNATURE_HEADERS = {
  appKey: 'x-app-key',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

export interface SignatureParts {
  appKey: string;
  /** unix seconds, as a decimal string */
  timestamp: string;
  nonce: string;
  body: string;
}

/** The hex HMAC-SHA256 of the canonical string of `parts`. */
export function hmacSignature(secret: string, parts: SignatureParts): string {
  return createHmac('sha256', secret).update(`${parts.appKey}\n${parts.timestamp}\n${parts.nonce}\n${parts.body}`, 'utf8').digest('hex');
}

/** A fresh nonce: 16 random bytes in hex. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The four headers of a signed request with `body`, signed at `nowMs` (real time, from a `Clock`). */
export function signedHeaders(appKey: string, secret: string, body: string, nowMs: number, nonce = newNonce()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [SIGNATURE_HEADERS.appKey]: appKey,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: hmacSignature(secret, { appKey, timestamp, nonce, body }),
  };
}

export type SignatureProblem = 'unknown_app_key' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks a signed request except its nonce (the receiver remembers nonces where it keeps state): null when
 * valid, else what is wrong. `nowMs` is the receiver's real time; `maxSkewS` the allowed difference either way.
 */
export function signatureProblem(
  expected: { appKey: string; secret: string },
  got: SignatureParts & { signature: string },
  nowMs: number,
  maxSkewS: number,
): SignatureProblem | null {
  if (!safeEqual(got.appKey, expected.appKey)) return 'unknown_app_key';
  if (!/^\d{1,12}$/.test(got.timestamp)) return 'bad_timestamp';
  if (Math.abs(nowMs / 1000 - Number(got.timestamp)) > maxSkewS) return 'stale_timestamp';
  const want = hmacSignature(expected.secret, got);
  if (!safeEqual(got.signature.toLowerCase(), want)) return 'bad_signature';
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
