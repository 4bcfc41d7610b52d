import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { extname } from 'node:path';
import { AppError, type MaterialMediaType } from '@yichuang/contracts';
import { FsObjectStorage } from './fs-storage.js';
import { describeContent, EXTENSIONS, sniffMediaType } from './media-type.js';
import type { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage } from './s3-storage.js';

/**
 * 电子材料's storage settings, the same for every process that writes or reads the bytes (the gateway for uploads
 * and downloads, apps/exchange for the files of an application made on the provincial 政务服务网): loaded from the
 * environment on their own (`loadEnv(MaterialStorageEnv)`) or as the base of an app's settings.
 */
export class MaterialStorageEnv {
  /**
   * where the bytes are kept — `fs` (default: files under MATERIAL_STORAGE_DIR) or `s3` (an S3-compatible bucket:
   * MinIO, Ceph RGW, a cloud's object storage; the S3_* settings)
   */
  @IsIn(['fs', 's3']) @IsOptional() MATERIAL_STORAGE: 'fs' | 's3' = 'fs';
  /** the filesystem storage's root (relative: to the working directory; `npm start` runs at the repository root) */
  @IsString() @Length(1, 500) @IsOptional() MATERIAL_STORAGE_DIR: string = '.data/materials';
  /** the largest file accepted (bytes; default 20 MB); the total per application is intake's MATERIAL_MAX_APPLICATION_BYTES */
  @Type(() => Number) @IsInt() @Min(1024) @Max(512 * 1024 * 1024) @IsOptional() MATERIAL_MAX_FILE_BYTES: number = 20 * 1024 * 1024;
  @IsString() @IsOptional() S3_ENDPOINT?: string;
  @IsString() @IsOptional() S3_REGION: string = 'us-east-1';
  @IsString() @IsOptional() S3_BUCKET: string = 'yichuang-materials';
  @IsString() @IsOptional() S3_ACCESS_KEY_ID: string = '';
  @IsString() @IsOptional() S3_SECRET_ACCESS_KEY: string = '';
  /** a prefix for every key inside the bucket (`yichuang/`) */
  @IsString() @IsOptional() S3_PREFIX: string = '';
  @IsIn(['true', 'false']) @IsOptional() S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';
}

/** the settings' problem a service must not start with */
export function materialStorageProblem(env: MaterialStorageEnv): string | undefined {
  if (env.MATERIAL_STORAGE === 's3' && (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY || !env.S3_BUCKET)) {
    return 'MATERIAL_STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for a server other than AWS)';
  }
  return undefined;
}

/** The storage of electronic materials the settings name. */
export function materialStorage(env: MaterialStorageEnv): ObjectStorage {
  if (env.MATERIAL_STORAGE === 's3') {
    return new S3ObjectStorage({
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      prefix: env.S3_PREFIX,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    });
  }
  return new FsObjectStorage(env.MATERIAL_STORAGE_DIR);
}

const TYPE_TEXT: Record<MaterialMediaType, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' };

/**
 * An electronic material's type, by its content: PDF, JPEG or PNG; the name's extension and the declared type, when
 * they say something, must agree with it. Otherwise `UNSUPPORTED_MEDIA_TYPE` with the reason in Chinese.
 */
export function materialMediaType(bytes: Buffer, fileName: string, declared = ''): MaterialMediaType {
  const name = fileName || 'file';
  if (bytes.length === 0) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the file is empty', [{ field: 'file', problem: 'empty', problemZh: `文件“${name}”是空文件，请重新选择` }]);
  }
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the content is not PDF, JPEG or PNG', [
      { field: 'file', problem: 'content is not PDF, JPEG or PNG', problemZh: `文件“${name}”的内容是${describeContent(bytes)}，不是PDF、JPG或PNG格式，不能作为申请材料上传` },
    ]);
  }
  const ext = extname(name).toLowerCase();
  const extType = (Object.keys(EXTENSIONS) as MaterialMediaType[]).find((t) => EXTENSIONS[t].includes(ext));
  if (ext && extType !== sniffed) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the name says ${ext} but the content is ${sniffed}`, [
      { field: 'file', problem: `name ${ext} does not match content ${sniffed}`, problemZh: `文件“${name}”的扩展名（${ext}）与文件内容（${TYPE_TEXT[sniffed]}）不符，请核对后重新上传` },
    ]);
  }
  const d = declared.toLowerCase();
  const declaredType = (Object.keys(TYPE_TEXT) as MaterialMediaType[]).find((t) => t === d || (t === 'image/jpeg' && d === 'image/jpg'));
  if (declaredType && declaredType !== sniffed) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `declared ${d} but the content is ${sniffed}`, [
      { field: 'file', problem: `declared type ${d} does not match content ${sniffed}`, problemZh: `文件“${name}”声明的类型（${TYPE_TEXT[declaredType]}）与文件内容（${TYPE_TEXT[sniffed]}）不符，请核对后重新上传` },
    ]);
  }
  return sniffed;
}
