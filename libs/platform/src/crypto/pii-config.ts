import { ConfigError, type ServiceEnv } from '../config/env.js';
import { FieldCipher, FieldCipherError } from './field-cipher.js';

/**
 * The development key set: used when PII_KEYS is not given outside production (a laptop, a benchmark), refused with
 * NODE_ENV=production. `npm start` does not use it: it generates a key set once into `.data/pii-keys`.
 */
export const DEV_PII_KEYS = 'dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGk=';
export const DEV_PII_HMAC_KEY = 'ZGV2ZWxvcG1lbnQtaG1hYy1rZXktbm90LWZvci1wcm9kdWN0aW9u';

/**
 * The service's PII key set from PII_KEYS / PII_KEY_ID / PII_HMAC_KEY. With NODE_ENV=production a service that
 * stores personal data refuses to start without them (or with the development ones); another service gets a key
 * set only when one is given.
 */
export function piiCipherFromEnv(env: ServiceEnv, storesPersonalData: boolean): FieldCipher | undefined {
  const production = env.NODE_ENV === 'production';
  const given = env.PII_KEYS !== undefined || env.PII_HMAC_KEY !== undefined;
  if (production) {
    const problems: string[] = [];
    if (storesPersonalData && !env.PII_KEYS) problems.push('PII_KEYS must be set in production (keyId:<base64 32 bytes>, comma-separated; `npm start` generates them)');
    if (storesPersonalData && !env.PII_HMAC_KEY) problems.push('PII_HMAC_KEY must be set in production (base64 of at least 32 bytes)');
    if (env.PII_KEYS === DEV_PII_KEYS || env.PII_HMAC_KEY === DEV_PII_HMAC_KEY) problems.push('the development PII keys must not be used in production');
    if (problems.length > 0) throw new ConfigError(problems);
    if (!given) return undefined;
  }
  try {
    return FieldCipher.fromText(env.PII_KEYS ?? DEV_PII_KEYS, env.PII_KEY_ID, env.PII_HMAC_KEY ?? DEV_PII_HMAC_KEY);
  } catch (err) {
    if (err instanceof FieldCipherError) throw new ConfigError([err.message]);
    throw err;
  }
}
