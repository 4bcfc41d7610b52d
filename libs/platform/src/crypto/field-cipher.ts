import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encryption of single personal values at rest (PIPL art. 51, GB/T 22239 §8.1.4.8): resident ID numbers.
 *
 * AES-256-GCM from node:crypto (no library: the platform's own primitive is a few lines and has no dependency to
 * keep), a random 12-byte IV per value and the 16-byte auth tag, written as one self-describing string
 *
 *     v1.<keyId>.<iv>.<tag>.<ciphertext>        (base64url parts)
 *
 * so every value names the key it was sealed with: a key set holds the current key (new values) and the old ones
 * (still decrypted) — rotation is "add a key, make it current, re-seal at leisure". Equality lookups (a case or a
 * hand-over by the person's ID number) use a keyed hash (HMAC-SHA-256 with its own key) of the normalised number,
 * stored beside the sealed value: the same number always gives the same hash, and the hash alone reveals nothing
 * without the key.
 */
export const SEALED_PREFIX = 'v1.';
const SEALED_FORM = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class FieldCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

export interface FieldCipherKeys {
  /** key id → 32-byte AES key */
  keys: ReadonlyMap<string, Buffer>;
  /** the key new values are sealed with */
  currentKeyId: string;
  /** the HMAC key of the lookup hashes (at least 32 bytes) */
  hmacKey: Buffer;
}

export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;
  private readonly hmacKey: Buffer;

  constructor(k: FieldCipherKeys) {
    for (const [id, key] of k.keys) {
      if (!KEY_ID.test(id)) throw new FieldCipherError(`key id "${id}" must be 1–32 letters, digits, - or _`);
      if (key.length !== 32) throw new FieldCipherError(`key ${id} must be 32 bytes (AES-256), not ${key.length}`);
    }
    if (!k.keys.has(k.currentKeyId)) throw new FieldCipherError(`the current key ${k.currentKeyId} is not in the key set`);
    if (k.hmacKey.length < 32) throw new FieldCipherError('the HMAC key must be at least 32 bytes');
    this.keys = k.keys;
    this.currentKeyId = k.currentKeyId;
    this.hmacKey = k.hmacKey;
  }

  /**
   * From the environment's text: `keys` = `k1:<base64 32 bytes>,k2:<…>`, `currentKeyId` (default: the only key, or
   * the last listed), `hmacKey` = base64 of at least 32 bytes.
   */
  static fromText(keys: string, currentKeyId: string | undefined, hmacKey: string): FieldCipher {
    const map = new Map<string, Buffer>();
    for (const part of keys.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
      const colon = part.indexOf(':');
      if (colon <= 0) throw new FieldCipherError('PII_KEYS must be a comma-separated list of <keyId>:<base64 32 bytes>');
      const id = part.slice(0, colon);
      if (map.has(id)) throw new FieldCipherError(`PII_KEYS lists key ${id} twice`);
      map.set(id, Buffer.from(part.slice(colon + 1), 'base64'));
    }
    if (map.size === 0) throw new FieldCipherError('PII_KEYS holds no key');
    const current = currentKeyId ?? [...map.keys()].at(-1) ?? '';
    return new FieldCipher({ keys: map, currentKeyId: current, hmacKey: Buffer.from(hmacKey, 'base64') });
  }

  /** A random key set in the environment's form (what `npm start` writes once into `.data/pii-keys`). */
  static generateText(keyId = 'k1'): { keys: string; currentKeyId: string; hmacKey: string } {
    return { keys: `${keyId}:${randomBytes(32).toString('base64')}`, currentKeyId: keyId, hmacKey: randomBytes(32).toString('base64') };
  }

  encrypt(plain: string): string {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // the key id is authenticated too: a value cannot be moved under another key's name
    cipher.setAAD(Buffer.from(this.currentKeyId, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${SEALED_PREFIX}${this.currentKeyId}.${iv.toString('base64url')}.${tag.toString('base64url')}.${ct.toString('base64url')}`;
  }

  /** The plain value; refuses (FieldCipherError) a value of another form, of an unknown key, or altered in any way. */
  decrypt(sealed: string): string {
    const m = SEALED_FORM.exec(sealed);
    if (!m) throw new FieldCipherError('not a sealed value');
    const [, keyId, iv, tag, ct] = m as unknown as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new FieldCipherError(`sealed with key ${keyId}, which is not in the key set`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldCipherError('the sealed value does not authenticate (wrong key or altered)');
    }
  }

  /** The id of the key a sealed value was sealed with (rotation: which rows still use an old key). */
  static keyIdOf(sealed: string): string | undefined {
    return SEALED_FORM.exec(sealed)?.[1];
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && SEALED_FORM.test(value);
  }

  /** Sealed with an old key: decrypt and seal again with the current one (unchanged if already current). */
  reseal(sealed: string): string {
    return FieldCipher.keyIdOf(sealed) === this.currentKeyId ? sealed : this.encrypt(this.decrypt(sealed));
  }

  /**
   * The lookup hash of an identity number: HMAC-SHA-256 (hex) of the number trimmed and upper-cased (a resident ID's
   * check character `x` is `X`), so the same number typed either way finds the same rows.
   */
  hmac(idNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(normaliseIdNumber(idNumber), 'utf8').digest('hex');
  }

  /** Whether `idNumber` is the number behind `hash` (constant time). */
  matches(idNumber: string, hash: string): boolean {
    const a = Buffer.from(this.hmac(idNumber), 'hex');
    const b = Buffer.from(hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

export function normaliseIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}
