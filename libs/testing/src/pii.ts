import { FieldCipher } from '@yichuang/platform';

/**
 * The fixed PII key set of the tests (integration specs and the end-to-end harness): two keys, `t2` current, so
 * values sealed under `t1` must still open. SHA-256 of fixed words: never a real deployment's keys.
 */
export const TEST_PII_ENV = {
  PII_KEYS: 't1:fqA9Z9dyzcGnNdfUHovS+hWPpFtZbniy9ItfmEW/Dqk=,t2:wOwULgQiWdsiDOEPKv/NsiEMGwO6S2t00w15g1eomqo=',
  PII_KEY_ID: 't2',
  PII_HMAC_KEY: 'uWEwd/nTGakBLGnmlDU4HKIgVEKSl2rdbyAWOW05doc=',
} as const;

/** The services' cipher under TEST_PII_ENV: what a test uses to open sealed values or compute a lookup hash. */
export function testPiiCipher(): FieldCipher {
  return FieldCipher.fromText(TEST_PII_ENV.PII_KEYS, TEST_PII_ENV.PII_KEY_ID, TEST_PII_ENV.PII_HMAC_KEY);
}
