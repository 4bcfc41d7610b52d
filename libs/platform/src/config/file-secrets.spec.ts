import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadEnv, ServiceEnv, withFileSecrets } from './env.js';

describe('secrets from files (NAME_FILE)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-secrets-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('reads the file into the variable, without its final line break', () => {
    const { values, problems } = withFileSecrets({ NATS_PASSWORD_FILE: file('nats', 's3cret\n'), OTHER: 'x' }, new Set(['NATS_PASSWORD']));
    expect(problems).toEqual([]);
    expect(values['NATS_PASSWORD']).toBe('s3cret');
    expect(values['OTHER']).toBe('x');
  });

  it('a service env loads with it, and leaves the …_FILE variables of other programs alone', () => {
    const env = loadEnv(ServiceEnv, { DATABASE_URL_FILE: file('db', 'postgres://u:p@db/yc\n'), TF_CLI_CONFIG_FILE: path.join(dir, 'not-there') });
    expect(env.DATABASE_URL).toBe('postgres://u:p@db/yc');
  });

  it('lists a missing file and a variable given twice with the other problems', () => {
    let error: unknown;
    try {
      loadEnv(ServiceEnv, { DATABASE_URL: 'mysql://x', PII_KEYS_FILE: path.join(dir, 'none'), NATS_PASSWORD: 'a', NATS_PASSWORD_FILE: file('n2', 'b') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PII_KEYS_FILE: cannot read .*none \(ENOENT\)$/),
        'NATS_PASSWORD: given both as NATS_PASSWORD and as NATS_PASSWORD_FILE; give one',
        expect.stringContaining('DATABASE_URL must be a postgres:// URL'),
      ]),
    );
  });
});
