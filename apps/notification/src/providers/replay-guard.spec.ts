import { describe, expect, it } from '@jest/globals';
import { fetchFailure, maskOpenid, ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  it('accepts a nonce once within its window', () => {
    const g = new ReplayGuard(60_000);
    expect(g.remember('n1')).toBe(true);
    expect(g.remember('n1')).toBe(false);
    expect(g.remember('n2')).toBe(true);
  });

  it('with a fingerprint: the same push again passes, the nonce with another body does not', () => {
    const g = new ReplayGuard(60_000);
    expect(g.remember('n1', 'body-a')).toBe(true);
    expect(g.remember('n1', 'body-a')).toBe(true);
    expect(g.remember('n1', 'body-b')).toBe(false);
  });

  it('forgets nonces past its window', () => {
    const g = new ReplayGuard(0);
    expect(g.remember('n1')).toBe(true);
    expect(g.remember('n1')).toBe(true);
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const g = new ReplayGuard(60_000, 2);
    g.remember('a');
    g.remember('b');
    g.remember('c');
    expect(g.remember('a')).toBe(true);
    expect(g.remember('c')).toBe(false);
  });
});

describe('fetchFailure', () => {
  const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('refused, no such host, TLS or connect timeout: not sent', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED']) expect(fetchFailure(failed(code)).kind).toBe('not_sent');
  });

  it('our timeout: timeout; a reset or closed socket: lost', () => {
    expect(fetchFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).kind).toBe('timeout');
    expect(fetchFailure(failed('ECONNRESET'))).toEqual({ kind: 'lost', code: 'ECONNRESET' });
    expect(fetchFailure(failed('UND_ERR_SOCKET')).kind).toBe('lost');
  });
});

describe('maskOpenid', () => {
  it('keeps the first 4 characters', () => {
    expect(maskOpenid('oia2TjuEGTNoeX76QEjQNrcURxG8')).toBe('oia2****');
  });
});
