import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadEnv } from '@yichuang/platform';
import { CertificateEnv } from './config.js';

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
