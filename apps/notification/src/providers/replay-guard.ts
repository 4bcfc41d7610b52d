/**
 * Remembers the nonces of callbacks this instance accepted, for as long as their timestamps could still pass the
 * skew check (`windowMs`), so that a captured callback cannot be played again. Elapsed time is monotonic
 * (`performance.now()`), never the machine's date. Per instance: with several notification instances a replay may
 * reach another one; receipts are recorded idempotently, so the worst it can do is repeat a receipt already known.
 */
export class ReplayGuard {
  /** nonce → [expiry (performance.now() ms), fingerprint of what it came with] */
  private readonly seen = new Map<string, [number, string]>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /**
   * Records `nonce`; answers false if it was seen within the window. With `fingerprint`, a nonce seen again with the
   * same fingerprint counts as new (the same push retried by a platform whose signature does not cover the body).
   */
  remember(nonce: string, fingerprint = ''): boolean {
    const now = performance.now();
    this.prune(now);
    const known = this.seen.get(nonce);
    // (expired entries were pruned: a known nonce is within the window)
    if (known) return fingerprint !== '' && known[1] === fingerprint;
    // full: the oldest goes
    for (const oldest of this.seen.keys()) {
      if (this.seen.size < this.maxEntries) break;
      this.seen.delete(oldest);
    }
    this.seen.set(nonce, [now + this.windowMs, fingerprint]);
    return true;
  }

  private prune(now: number): void {
    // entries are in insertion order, and every entry lives equally long: the oldest expire first
    for (const [nonce, [expiry]] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(nonce);
    }
  }
}

/** `oABCD1234…` → `oABC****`: an openid in logs (the first 4 characters kept). */
export function maskOpenid(openid: string): string {
  return `${openid.slice(0, 4)}****`;
}

/** At most `max` characters of a platform's words, for a reason or a log line. */
export function brief(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Network errors of `fetch` (undici) that happen before a request is written: the platform certainly got nothing. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_INVALID_URL',
]);

/**
 * What a `fetch` failure says about whether the request left: `not_sent` (refused, no such host, TLS failed, the
 * connection was never made), `timeout` (our `AbortSignal.timeout` fired: it may have been received), or `lost`
 * (reset, closed, anything else after connecting: it may have been received).
 */
export function fetchFailure(err: unknown): { kind: 'not_sent' | 'timeout' | 'lost'; code: string } {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { kind: 'timeout', code: e.name };
  const code = e?.cause?.code ?? e?.code ?? e?.cause?.name ?? e?.name ?? 'Error';
  return { kind: NOT_SENT_CODES.has(code) ? 'not_sent' : 'lost', code };
}
