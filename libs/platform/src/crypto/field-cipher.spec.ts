import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ConfigError, ServiceEnv } from '../config/env.js';
import { FieldCipher, FieldCipherError } from './field-cipher.js';
import { DEV_PII_HMAC_KEY, DEV_PII_KEYS, piiCipherFromEnv } from './pii-config.js';
import { dropSealed, openPii, sealPii } from './pii.js';

const b64 = (): string => randomBytes(32).toString('base64');
const K1 = b64();
const K2 = b64();
const HMAC = b64();
const ID = '11010519491231002X'; // the standard's example number (valid check character)
const ID_LOWER = '11010519491231002x';

const oldOnly = FieldCipher.fromText(`k1:${K1}`, 'k1', HMAC);
const rotated = FieldCipher.fromText(`k1:${K1},k2:${K2}`, 'k2', HMAC);

describe('FieldCipher (AES-256-GCM)', () => {
  it('round-trips a value in the self-describing form v1.<keyId>.<iv>.<tag>.<ciphertext>', () => {
    const sealed = rotated.encrypt(ID);
    expect(sealed).toMatch(/^v1\.k2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(ID);
    expect(rotated.decrypt(sealed)).toBe(ID);
    expect(FieldCipher.isSealed(sealed)).toBe(true);
    expect(FieldCipher.isSealed(ID)).toBe(false);
  });

  it('uses a fresh IV every time: the same number never seals to the same text', () => {
    const a = rotated.encrypt(ID);
    const b = rotated.encrypt(ID);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('refuses a value sealed with another key of the same id', () => {
    const other = FieldCipher.fromText(`k2:${b64()}`, 'k2', HMAC);
    expect(() => other.decrypt(rotated.encrypt(ID))).toThrow(FieldCipherError);
  });

  it('refuses a value of a key it does not hold', () => {
    expect(() => oldOnly.decrypt(rotated.encrypt(ID))).toThrow('sealed with key k2, which is not in the key set');
  });

  it('refuses a tampered ciphertext, tag, IV or key id', () => {
    const sealed = rotated.encrypt(ID);
    const [v, keyId, iv, tag, ct] = sealed.split('.') as [string, string, string, string, string];
    const flip = (s: string): string => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [
      [v, keyId, iv, tag, flip(ct)],
      [v, keyId, iv, flip(tag), ct],
      [v, keyId, flip(iv), tag, ct],
      [v, 'k1', iv, tag, ct], // moved under the old key's name: the key id is authenticated
    ]) {
      expect(() => rotated.decrypt(bad.join('.'))).toThrow(FieldCipherError);
    }
    expect(() => rotated.decrypt('not sealed')).toThrow('not a sealed value');
  });

  it('rotation: a value sealed with the old key still opens, new values use the current key, reseal moves it', () => {
    const old = oldOnly.encrypt(ID);
    expect(FieldCipher.keyIdOf(old)).toBe('k1');
    expect(rotated.decrypt(old)).toBe(ID);
    expect(FieldCipher.keyIdOf(rotated.encrypt(ID))).toBe('k2');
    const moved = rotated.reseal(old);
    expect(FieldCipher.keyIdOf(moved)).toBe('k2');
    expect(rotated.decrypt(moved)).toBe(ID);
    expect(rotated.reseal(moved)).toBe(moved);
  });

  it('HMAC lookups: stable across instances and keys, normalised (x → X, spaces trimmed), keyed', () => {
    const h = rotated.hmac(ID);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(oldOnly.hmac(ID)).toBe(h); // the HMAC key, not the encryption keys, decides it
    expect(rotated.hmac(ID_LOWER)).toBe(h);
    expect(rotated.hmac(` ${ID} `)).toBe(h);
    expect(rotated.matches(ID_LOWER, h)).toBe(true);
    expect(rotated.hmac('110105194912310038')).not.toBe(h);
    expect(FieldCipher.fromText(`k1:${K1}`, 'k1', b64()).hmac(ID)).not.toBe(h);
  });

  it('refuses a bad key set', () => {
    expect(() => FieldCipher.fromText(`k1:${randomBytes(16).toString('base64')}`, 'k1', HMAC)).toThrow('32 bytes');
    expect(() => FieldCipher.fromText(`k1:${K1}`, 'k9', HMAC)).toThrow('not in the key set');
    expect(() => FieldCipher.fromText(`k1:${K1}`, 'k1', randomBytes(8).toString('base64'))).toThrow('HMAC key');
    expect(() => FieldCipher.fromText(`k1:${K1},k1:${K2}`, 'k1', HMAC)).toThrow('twice');
    expect(FieldCipher.fromText(`k1:${K1},k2:${K2}`, undefined, HMAC).currentKeyId).toBe('k2');
  });
});

describe('sealPii / openPii (JSON)', () => {
  const applicant = {
    kind: 'enterprise',
    name: '新县建设有限公司',
    idNumber: '91411523MA3X5K1234', // a credit code: not personal data, left as it is
    legalRepresentative: { name: '王建国', idNumber: ID_LOWER },
    contact: { name: '李四', idNumber: ID, phone: '13800000000' },
    agents: [{ agentIdNumber: ID }],
  };

  it('keeps every resident ID masked with the number sealed beside it, and opens it back', () => {
    const sealed = sealPii(applicant, rotated);
    const text = JSON.stringify(sealed);
    expect(text).not.toContain(ID);
    expect(text.toUpperCase()).not.toContain(ID);
    expect(sealed.contact.idNumber).toBe('1101**********002X');
    expect((sealed.contact as Record<string, unknown>)['idNumberSealed']).toMatch(/^v1\.k2\./);
    expect((sealed.agents[0] as Record<string, unknown>)['agentIdNumberSealed']).toMatch(/^v1\.k2\./);
    expect(sealed.idNumber).toBe(applicant.idNumber);
    expect(applicant.contact.idNumber).toBe(ID); // the input is not changed
    const opened = openPii(sealed, rotated);
    expect(opened).toEqual({ ...applicant, legalRepresentative: { name: '王建国', idNumber: ID } });
    expect(sealPii(sealed, rotated)).toEqual(sealed); // idempotent
    expect(JSON.stringify(dropSealed(sealed))).not.toContain('Sealed');
  });
});

describe('PII keys from the environment', () => {
  const env = (o: Partial<ServiceEnv>): ServiceEnv => Object.assign(new ServiceEnv(), { DATABASE_URL: 'postgres://x' }, o);

  it('refuses to start a service that stores personal data in production without keys, or with the development ones', () => {
    expect(() => piiCipherFromEnv(env({ NODE_ENV: 'production' }), true)).toThrow(ConfigError);
    expect(() => piiCipherFromEnv(env({ NODE_ENV: 'production', PII_KEYS: DEV_PII_KEYS, PII_HMAC_KEY: DEV_PII_HMAC_KEY }), true)).toThrow('development PII keys');
    expect(piiCipherFromEnv(env({ NODE_ENV: 'production', PII_KEYS: `k1:${K1}`, PII_HMAC_KEY: HMAC }), true)?.currentKeyId).toBe('k1');
    expect(piiCipherFromEnv(env({ NODE_ENV: 'production' }), false)).toBeUndefined();
  });

  it('falls back to the development keys outside production', () => {
    expect(piiCipherFromEnv(env({}), true)?.currentKeyId).toBe('dev');
  });
});
