import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { hmacSignature, signatureProblem, signedHeaders, SIGNATURE_HEADERS } from './hmac-signature.js';

const NOW = 1_795_000_000_000; // a fixed instant (ms): the functions take time as a value
const key = { appKey: 'yc-hall', secret: 's3cret-of-the-hall' };

describe('HMAC-signed requests', () => {
  it('sign appKey, timestamp, nonce and the exact body with HMAC-SHA256 in hex', () => {
    const h = signedHeaders(key.appKey, key.secret, '{"a":1}', NOW, 'nonce-0001');
    expect(h[SIGNATURE_HEADERS.timestamp]).toBe('1795000000');
    const want = createHmac('sha256', key.secret).update('yc-hall\n1795000000\nnonce-0001\n{"a":1}').digest('hex');
    expect(h[SIGNATURE_HEADERS.signature]).toBe(want);
    expect(hmacSignature(key.secret, { appKey: 'yc-hall', timestamp: '1795000000', nonce: 'nonce-0001', body: '{"a":1}' })).toBe(want);
  });

  it('accept a good signature within the skew, and say what is wrong otherwise', () => {
    const h = signedHeaders(key.appKey, key.secret, 'body', NOW, 'n-1');
    const got = { appKey: h['x-app-key'] ?? '', timestamp: h['x-timestamp'] ?? '', nonce: 'n-1', body: 'body', signature: h['x-signature'] ?? '' };
    expect(signatureProblem(key, got, NOW + 299_000, 300)).toBeNull();
    expect(signatureProblem(key, got, NOW - 299_000, 300)).toBeNull();
    expect(signatureProblem(key, got, NOW + 301_000, 300)).toBe('stale_timestamp');
    expect(signatureProblem(key, { ...got, body: 'body ' }, NOW, 300)).toBe('bad_signature');
    expect(signatureProblem(key, { ...got, nonce: 'n-2' }, NOW, 300)).toBe('bad_signature');
    expect(signatureProblem(key, { ...got, appKey: 'other' }, NOW, 300)).toBe('unknown_app_key');
    expect(signatureProblem(key, { ...got, timestamp: '17e8' }, NOW, 300)).toBe('bad_timestamp');
    expect(signatureProblem(key, { ...got, signature: got.signature.toUpperCase() }, NOW, 300)).toBeNull();
    expect(signatureProblem({ ...key, secret: 'another' }, got, NOW, 300)).toBe('bad_signature');
  });
});
