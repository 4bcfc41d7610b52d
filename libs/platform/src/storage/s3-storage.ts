import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
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
  private readonly client: S3Client;

  constructor(private readonly opts: S3StorageOptions) {
    super();
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? true,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  private key(key: string): string {
    assertStorageKey(key);
    return `${this.opts.prefix ?? ''}${key}`;
  }

  async put(key: string, bytes: Buffer, mediaType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key), Body: bytes, ContentType: mediaType, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}
