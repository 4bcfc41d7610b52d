import { FsObjectStorage, ObjectStorage, S3ObjectStorage } from '@yichuang/platform';
import type { GatewayEnv } from '../config.js';

/** The storage of electronic materials the gateway writes to and reads from (MATERIAL_STORAGE). */
export function materialStorage(env: GatewayEnv): ObjectStorage {
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
