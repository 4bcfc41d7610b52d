/**
 * Storage of electronic materials (libs/platform/src/storage): the filesystem default and the S3-compatible adapter
 * against a local S3 stub speaking HTTP with signed requests; content sniffing, safe names, SHA-256.
 * (Here because platform may not import this test library.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FsObjectStorage, S3ObjectStorage, sanitizeFileName, sha256Hex, sniffMediaType, describeContent, type ObjectStorage } from '@yichuang/platform';
import { startS3Stub, type S3Stub } from './s3-stub.js';
import { SAMPLE_PDF, SAMPLE_PNG, SAMPLE_JPEG, FAKE_EXE } from './material-samples.js';

const key = () => `applications/${randomUUID()}/${randomUUID()}`;

describe('electronic material storage', () => {
  let dir: string;
  let stub: S3Stub;
  let s3: S3ObjectStorage;
  let fs: FsObjectStorage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yc-materials-'));
    fs = new FsObjectStorage(dir);
    stub = await startS3Stub();
    s3 = new S3ObjectStorage({ endpoint: stub.url, region: 'cn-north-1', bucket: stub.bucket, accessKeyId: stub.accessKeyId, secretAccessKey: stub.secretAccessKey, prefix: 'yc/' });
  });

  afterAll(async () => {
    s3?.close();
    await stub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe.each([
    ['filesystem', () => fs as ObjectStorage],
    ['S3-compatible', () => s3 as ObjectStorage],
  ])('%s', (_name, storage) => {
    it('keeps the bytes whole under the key, gives them back, and forgets them when deleted', async () => {
      const k = key();
      await storage().put(k, SAMPLE_PDF, 'application/pdf');
      const back = await storage().get(k);
      expect(back && sha256Hex(back)).toBe(sha256Hex(SAMPLE_PDF));
      await storage().delete(k);
      expect(await storage().get(k)).toBeNull();
      await storage().delete(k); // twice: no error
    });

    it('refuses a key that could leave its place', async () => {
      for (const bad of ['../etc/passwd', '/abs', 'a/../../b', 'A/B', 'a//b', '']) {
        await expect(storage().put(bad, SAMPLE_PNG, 'image/png')).rejects.toThrow(/invalid storage key/);
      }
    });
  });

  it('the filesystem writes atomically: no temporary file stays beside the object', async () => {
    const k = key();
    await fs.put(k, SAMPLE_PNG, 'image/png');
    const [, app] = k.split('/');
    expect(await readdir(join(dir, 'applications', app ?? ''))).toEqual([k.split('/')[2]]);
  });

  it('S3: signed requests under the prefix, the media type kept; an unsigned or unknown key is refused; a 5xx is retried', async () => {
    const k = key();
    await s3.put(k, SAMPLE_JPEG, 'image/jpeg');
    expect(stub.objects.get(`yc/${k}`)?.contentType).toBe('image/jpeg');
    const wrong = new S3ObjectStorage({ endpoint: stub.url, region: 'cn-north-1', bucket: stub.bucket, accessKeyId: 'nobody', secretAccessKey: 'x' });
    await expect(wrong.put(key(), SAMPLE_PNG, 'image/png')).rejects.toThrow();
    wrong.close();
    stub.failNext(1);
    const k2 = key();
    await s3.put(k2, SAMPLE_PNG, 'image/png');
    expect(stub.requests.filter((r) => r.key === `yc/${k2}`).map((r) => r.status)).toEqual([500, 200]);
  });

  it('decides the type by content, never by name', () => {
    expect(sniffMediaType(SAMPLE_PDF)).toBe('application/pdf');
    expect(sniffMediaType(SAMPLE_PNG)).toBe('image/png');
    expect(sniffMediaType(SAMPLE_JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(FAKE_EXE)).toBeNull();
    expect(describeContent(FAKE_EXE)).toBe('可执行程序（EXE）');
    expect(sniffMediaType(Buffer.from('%PD'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });

  it('keeps a file name only as a safe label', () => {
    expect(sanitizeFileName('../../etc/规划图.pdf', 'application/pdf')).toBe('规划图.pdf');
    expect(sanitizeFileName('C:\\Users\\a\\营业执照.png', 'image/png')).toBe('营业执照.png');
    expect(sanitizeFileName('..', 'image/png')).toBe('material.png');
    expect(sanitizeFileName('a<b>:"|?*\u0000.jpg', 'image/jpeg')).toBe('ab.jpg');
    const long = sanitizeFileName(`${'长'.repeat(300)}.pdf`, 'application/pdf');
    expect([Array.from(long).length, long.endsWith('.pdf')]).toEqual([120, true]);
  });

  it('records the SHA-256 of the exact bytes', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
