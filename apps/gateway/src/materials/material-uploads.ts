import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, PayloadTooLargeException, StreamableFile } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { AppError, Rpc, type MaterialFileView } from '@yichuang/contracts';
import { EXTENSIONS, materialMediaType, ObjectStorage, RpcClient, sanitizeFileName, sha256Hex } from '@yichuang/platform';
import type { Observable } from 'rxjs';
import type { GatewayEnv } from '../config.js';
import { GATEWAY_ENV } from '../tokens.js';

/** The part of a multer file the upload uses (multer keeps it in memory: MATERIAL_MAX_FILE_BYTES at most). */
export interface UploadedBytes {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;
}

/**
 * Reads one multipart file (`file`) into memory with the per-file limit, through Nest's multer interceptor; a file over
 * the limit is refused as PAYLOAD_TOO_LARGE with the limit in Chinese (multer stops reading at the limit).
 */
@Injectable()
export class MaterialFileInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {
    // browsers send the file name's UTF-8 bytes without a charset parameter: read them as UTF-8 (multer's default is latin1)
    const Inner = FileInterceptor('file', { limits: { fileSize: env.MATERIAL_MAX_FILE_BYTES, files: 1, fields: 4, fieldSize: 1024 }, defParamCharset: 'utf8' } as Parameters<typeof FileInterceptor>[1]);
    this.inner = new Inner({}) as NestInterceptor;
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return (await this.inner.intercept(ctx, next)) as Observable<unknown>;
    } catch (err) {
      if (err instanceof PayloadTooLargeException) {
        const limit = this.env.MATERIAL_MAX_FILE_BYTES;
        throw new AppError('PAYLOAD_TOO_LARGE', `the file is larger than ${limit} bytes`, [
          { field: 'file', problem: `larger than ${limit} bytes`, limit, problemZh: `文件超过单个文件大小上限（${mb(limit)}），请压缩或拆分后重新上传` },
        ]);
      }
      throw err;
    }
  }
}

/**
 * 电子材料, the gateway's half: it checks the bytes (type by content, name and declared type agreeing with it),
 * writes them to storage under a key it makes (`applications/<id>/<uuid>`, nothing from the client), and asks intake to
 * record the file. Why here and not in intake: NATS carries at most 1 MB per message, so the bytes cannot travel to
 * intake; the gateway holds them already, and intake decides whether they count (apps/intake/README.md).
 * Intake refuses → the bytes are deleted at once; intake does not answer → they stay unnamed by any row, so nobody can
 * reach them (downloads go through intake's row).
 */
@Injectable()
export class MaterialUploads {
  private readonly logger = new Logger('MaterialUploads');

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: ObjectStorage,
  ) {}

  async upload(applicationId: string, materialCode: string, file: UploadedBytes | undefined, replaces?: string): Promise<MaterialFileView> {
    if (!file) {
      throw new AppError('VALIDATION_FAILED', 'no file: send multipart/form-data with the field "file"', [{ field: 'file', problem: 'missing' }]);
    }
    const mediaType = materialMediaType(file.buffer, file.originalname, file.mimetype);
    const key = `applications/${applicationId.toLowerCase()}/${randomUUID()}`;
    await this.storage.put(key, file.buffer, mediaType);
    try {
      return await this.rpc.request(Rpc.intake.recordMaterialFile, {
        applicationId,
        materialCode,
        fileName: sanitizeFileName(file.originalname, mediaType),
        mediaType,
        size: file.buffer.length,
        sha256: sha256Hex(file.buffer),
        storageKey: key,
        ...(replaces ? { replaces } : {}),
      });
    } catch (err) {
      // a refusal by intake is final: the bytes go. Anything else (no answer) may have been recorded: keep them.
      if (err instanceof AppError && err.status < 500) await this.forget(key);
      else this.logger.warn(`material file ${key}: intake did not answer (${(err as Error).message}); the bytes stay unnamed unless it recorded them`);
      throw err;
    }
  }

  async download(applicationId: string, fileId: string): Promise<StreamableFile> {
    const f = await this.rpc.request(Rpc.intake.locateMaterialFile, { applicationId, fileId });
    const bytes = await this.storage.get(f.storageKey);
    if (!bytes) {
      this.logger.error(`material file ${f.id}: its bytes are missing from storage (${f.storageKey})`);
      throw AppError.notFound('file');
    }
    const ascii = `material-${f.id}${EXTENSIONS[f.mediaType][0] ?? ''}`;
    return new StreamableFile(bytes, {
      type: f.mediaType,
      length: bytes.length,
      disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    });
  }

  async remove(applicationId: string, fileId: string): Promise<{ id: string; removed: true }> {
    const r = await this.rpc.request(Rpc.intake.removeMaterialFile, { applicationId, fileId });
    await this.forget(r.storageKey);
    return { id: r.id, removed: true };
  }

  private async forget(key: string): Promise<void> {
    await this.storage.delete(key).catch((err: Error) => this.logger.warn(`material file ${key}: could not delete its bytes (${err.message}); no row names them`));
  }
}
