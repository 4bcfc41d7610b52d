import type { ValueTransformer } from 'typeorm';
import { isValidResidentId, maskIdNumber } from '@yichuang/domain';
import { FieldCipher, FieldCipherError } from './field-cipher.js';

/*
 * The process's key set. A process-wide value rather than an injected one because TypeORM builds column
 * transformers and migrations without Nest's injector; `ServicePlatformModule.forRoot` sets it from the
 * environment before anything is read or migrated.
 */
let current: FieldCipher | undefined;

export function usePiiCipher(cipher: FieldCipher | undefined): void {
  current = cipher;
}

export function piiCipher(): FieldCipher {
  if (!current) throw new FieldCipherError('no PII key set configured (PII_KEYS, PII_KEY_ID, PII_HMAC_KEY)');
  return current;
}

export function hasPiiCipher(): boolean {
  return current !== undefined;
}

/** Suffix of the field that carries a sealed identity number beside its masked form in JSON (`idNumberSealed`). */
export const SEALED_SUFFIX = 'Sealed';
const ID_KEY = /^(?:idNumber|[A-Za-z]+IdNumber)$/;

/**
 * A JSON value with every resident ID number sealed: in any object, a string field named `idNumber` or `…IdNumber`
 * (`agentIdNumber`, `holderIdNumber`…) holding a valid resident ID number keeps the masked number (what a screen
 * that only displays it needs) and gains `<field>Sealed` with the number encrypted (for whoever needs it whole).
 * An enterprise's credit code (not personal data) stays as it is. Idempotent; the input is not changed.
 */
export function sealPii<T>(value: T, cipher: FieldCipher = piiCipher()): T {
  return walk(value, (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (ID_KEY.test(k) && typeof v === 'string' && isValidResidentId(v.trim())) {
        o[`${k}${SEALED_SUFFIX}`] = cipher.encrypt(v.trim().toUpperCase());
        o[k] = maskIdNumber(v.trim().toUpperCase());
      }
    }
  }) as T;
}

/** The reverse of `sealPii`: every `<field>Sealed` decrypted back into `<field>` (and removed). */
export function openPii<T>(value: T, cipher: FieldCipher = piiCipher()): T {
  return walk(value, (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (k.endsWith(SEALED_SUFFIX) && FieldCipher.isSealed(v)) {
        o[k.slice(0, -SEALED_SUFFIX.length)] = cipher.decrypt(v);
        delete o[k];
      }
    }
  }) as T;
}

/** Only the masked form: every `<field>Sealed` dropped (what a consumer that only displays keeps). */
export function dropSealed<T>(value: T): T {
  return walk(value, (o) => {
    for (const k of Object.keys(o)) if (k.endsWith(SEALED_SUFFIX) && FieldCipher.isSealed(o[k])) delete o[k];
  }) as T;
}

function walk(value: unknown, visit: (o: Record<string, unknown>) => void): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, visit));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) copy[k] = walk(v, visit);
  visit(copy);
  return copy;
}

/** A text column that holds a sealed value (`v1.<keyId>.…`); the entity sees the plain value. */
export const sealedText: ValueTransformer = {
  to: (v: unknown) => (v === null || v === undefined ? v : piiCipher().encrypt(String(v))),
  from: (v: unknown) => (typeof v === 'string' ? piiCipher().decrypt(v) : v),
};

/** A jsonb column whose identity numbers are sealed (`sealPii`); the entity sees them plain. */
export const sealedJson: ValueTransformer = {
  to: (v: unknown) => (v === null || v === undefined ? v : sealPii(v)),
  from: (v: unknown) => (v === null || v === undefined ? v : openPii(v)),
};

/** The lookup hash of an identity number (null stays null). */
export function idHmac(idNumber: string | null | undefined): string | null {
  return idNumber ? piiCipher().hmac(idNumber) : null;
}

/** Seal one value (null stays null). */
export function seal(value: string | null | undefined): string | null {
  return value ? piiCipher().encrypt(value) : null;
}

/** Open one sealed value (null stays null). */
export function unseal(value: string | null | undefined): string | null {
  return value ? piiCipher().decrypt(value) : null;
}
