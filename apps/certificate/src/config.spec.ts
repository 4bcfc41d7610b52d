import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadEnv } from '@yichuang/platform';
import { checkCertificateEnv, CertificateEnv } from './config.js';

const base = { DATABASE_URL: 'postgres://u@localhost/db' };

describe('certificate configuration', () => {
  it('defaults to {type}字第{area}{year}{seq}号 in area 411523', () => {
    const env = loadEnv(CertificateEnv, base);
    expect(env.CERTIFICATE_NO_PATTERN).toBe('{type}字第{area}{year}{seq}号');
    expect(env.AREA_CODE).toBe('411523');
  });

  it('accepts a local pattern that names year, type and sequence', () => {
    expect(loadEnv(CertificateEnv, { ...base, CERTIFICATE_NO_PATTERN: '新{type}〔{year}〕{seq}号' }).CERTIFICATE_NO_PATTERN).toBe('新{type}〔{year}〕{seq}号');
  });

  it.each([
    ['no sequence', '{area}-{year}-{type}'],
    ['no type (sequences are per type: numbers would repeat)', '{area}-{year}-{seq}'],
    ['no year (sequences restart every year)', '{type}-{seq}'],
    ['an unknown placeholder', '{area}-{year}-{type}-{seq}-{dept}'],
    ['a stray brace', '{year}-{type}-{seq'],
  ])('refuses a pattern with %s', (_why, pattern) => {
    expect(() => loadEnv(CertificateEnv, { ...base, CERTIFICATE_NO_PATTERN: pattern })).toThrow(ConfigError);
  });

  it('refuses an area code that is not 6 digits', () => {
    expect(() => loadEnv(CertificateEnv, { ...base, AREA_CODE: '4115' })).toThrow(/AREA_CODE/);
  });

  it('delivers with the development EMS by default; the HTTP one needs the post\'s URL', () => {
    const env = loadEnv(CertificateEnv, base);
    expect(env.EMS_PROVIDER).toBe('dev');
    expect(env.PICKUP_REMINDER_AFTER_WORKING_DAYS).toBe(5);
    expect(env.DELIVERY_YELLOW_AT_OR_BELOW).toBe(2);
    expect(() => loadEnv(CertificateEnv, { ...base, EMS_PROVIDER: 'http' })).toThrow(/EMS_BASE_URL/);
    expect(loadEnv(CertificateEnv, { ...base, EMS_PROVIDER: 'http', EMS_BASE_URL: 'http://127.0.0.1:9/ems' }).EMS_BASE_URL).toBe('http://127.0.0.1:9/ems');
    expect(() => loadEnv(CertificateEnv, { ...base, EMS_PROVIDER: 'carrier-pigeon' })).toThrow(/EMS_PROVIDER/);
    expect(() => loadEnv(CertificateEnv, { ...base, PICKUP_REMINDER_AFTER_WORKING_DAYS: '0' })).toThrow(/PICKUP_REMINDER_AFTER_WORKING_DAYS/);
  });

  it('refuses the test-only crash hook and the development EMS secret in production', () => {
    const prod = { ...base, NODE_ENV: 'production', EMS_PROVIDER: 'http', EMS_BASE_URL: 'https://ems.example' };
    expect(() => checkCertificateEnv(loadEnv(CertificateEnv, prod))).toThrow(/EMS_APP_SECRET/);
    expect(() => checkCertificateEnv(loadEnv(CertificateEnv, { ...prod, EMS_APP_SECRET: 'a-real-secret-from-the-post', EMS_TEST_PAUSE_AFTER_PROVIDER: 'true' }))).toThrow(
      /EMS_TEST_PAUSE_AFTER_PROVIDER/,
    );
    expect(checkCertificateEnv(loadEnv(CertificateEnv, { ...prod, EMS_APP_SECRET: 'a-real-secret-from-the-post' })).EMS_PROVIDER).toBe('http');
  });

  it('numbers the written decisions per agency by default, and takes a type\'s own pattern', () => {
    const env = loadEnv(CertificateEnv, base);
    expect(JSON.parse(env.CERTIFICATE_NO_PATTERNS)).toMatchObject({ GRANT_DECISION: '{agency}许准字〔{year}〕{n}号', REFUSAL_DECISION: '{agency}许不字〔{year}〕{n}号' });
    const own = JSON.stringify({ CONSTRUCTION_PERMIT: '{area}{year}{seq}' });
    expect(loadEnv(CertificateEnv, { ...base, CERTIFICATE_NO_PATTERNS: own }).CERTIFICATE_NO_PATTERNS).toBe(own);
  });

  it.each([
    ['not JSON', '{GRANT_DECISION: x}'],
    ['an unknown type', JSON.stringify({ LICENCE: '{year}{seq}' })],
    ['no year', JSON.stringify({ GRANT_DECISION: '{agency}许准字{n}号' })],
    ['no sequence', JSON.stringify({ GRANT_DECISION: '{agency}许准字〔{year}〕号' })],
    ['an unknown placeholder', JSON.stringify({ GRANT_DECISION: '{dept}〔{year}〕{n}号' })],
  ])('refuses type patterns with %s', (_why, patterns) => {
    expect(() => loadEnv(CertificateEnv, { ...base, CERTIFICATE_NO_PATTERNS: patterns })).toThrow(/CERTIFICATE_NO_PATTERNS/);
  });

  it('refuses agency abbreviations that are not Chinese', () => {
    expect(() => loadEnv(CertificateEnv, { ...base, AGENCY_ABBREVIATIONS: JSON.stringify({ ZRZY: 'NR' }) })).toThrow(/AGENCY_ABBREVIATIONS/);
  });
});
