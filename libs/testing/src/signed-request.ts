import type http from 'node:http';
import { SIGNATURE_HEADERS, signatureProblem, type SignatureProblem } from '@yichuang/platform';

/**
 * What a stub of an outside platform finds wrong with a signed request (libs/platform's signing: app key, timestamp
 * within `skewS` of `nowMs`, HMAC of the exact body), or `nonce_used` when its nonce was seen before; null when it
 * is good, its nonce then remembered in `nonces`. Each stub answers the problem as its platform does.
 */
export function signedRequestProblem(
  req: http.IncomingMessage,
  body: string,
  credentials: { appKey: string; secret: string },
  nonces: Set<string>,
  nowMs: number,
  skewS: number,
): SignatureProblem | 'nonce_used' | null {
  const header = (name: string) => String(req.headers[name] ?? '');
  const nonce = header(SIGNATURE_HEADERS.nonce);
  const problem = signatureProblem(
    credentials,
    { appKey: header(SIGNATURE_HEADERS.appKey), timestamp: header(SIGNATURE_HEADERS.timestamp), nonce, body, signature: header(SIGNATURE_HEADERS.signature) },
    nowMs,
    skewS,
  );
  if (problem) return problem;
  if (nonces.has(nonce)) return 'nonce_used';
  nonces.add(nonce);
  return null;
}
