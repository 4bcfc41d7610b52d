import type { S3Client } from '@aws-sdk/client-s3';
import { assertStorageKey, ObjectStorage } from './object-storage.js';

export interface S3StorageOptions {
  /** e.g. `http://127.0.0.1:9000` (MinIO, Ceph RGW, a cloud's S3-compatible endpoint); none: AWS by region */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** prefix inside the bucket (`yichuang/`), may be empty */
  prefix?: string;
  /** path-style URLs (`endpoint/bucket/key`): what most S3-compatible servers need */
  forcePathStyle?: boolean;
}

/**
 * An S3-compatible bucket (`@aws-sdk/client-s3`). A PUT is atomic on S3: the object is there whole or not at all.
 * Checksums are sent only when an operation requires them (`WHEN_REQUIRED`), so servers that do not know the
 * SDK's newer trailing checksums (many S3-compatible ones) accept the plain signed PUT; the SHA-256 of every file
 * is ours anyway, recorded with its metadata.
 */
export class S3ObjectStorage extends ObjectStorage {
  readonly kind = 's3' as const;
  /**
   * The SDK is loaded with the first call, not with this module: every service links the storage adapters through
   * libs/platform, and the SDK's several megabytes of modules would sit in each process's memory unused (issue 15).
   */
  private sdk?: Promise<{ s3: typeof import('@aws-sdk/client-s3'); client: S3Client }>;

  constructor(private readonly opts: S3StorageOptions) {
    super();
  }

  private connect(): Promise<{ s3: typeof import('@aws-sdk/client-s3'); client: S3Client }> {
    const opts = this.opts;
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: opts.region,
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
        forcePathStyle: opts.forcePathStyle ?? true,
        credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      }),
    }));
    return this.sdk;
  }

  private key(key: string): string {
    assertStorageKey(key);
    return `${this.opts.prefix ?? ''}${key}`;
  }

  async put(key: string, bytes: Buffer, mediaType: string): Promise<void> {
    const { s3, client } = await this.connect();
    await client.send(new s3.PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key), Body: bytes, ContentType: mediaType, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer | null> {
    const { s3, client } = await this.connect();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof s3.NoSuchKey || (err instanceof s3.S3ServiceException && err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { s3, client } = await this.connect();
    await client.send(new s3.DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
  }

  close(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }
}
