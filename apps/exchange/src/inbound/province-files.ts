import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError, Rpc } from '@yichuang/contracts';
import { Clock, MaterialStorageEnv, materialMediaType, noAnswer, ObjectStorage, RpcClient, sanitizeFileName, sha256Hex, signedHeaders } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';

/** One file of an application made on the provincial 政务服务网, as the province lists it. */
export interface ProvinceFile {
  materialCode?: unknown;
  fileName?: unknown;
  /** where the province serves the bytes (under PROVINCE_ZWFW_FILES_URL, signed GET) */
  url?: unknown;
  /** the province's SHA-256 of the bytes (hex): checked when given */
  sha256?: unknown;
  mediaType?: unknown;
}

/** a file over MATERIAL_MAX_FILE_BYTES, as the supervisor reads it */
const TOO_LARGE = '文件超过单个文件大小上限';

/** a failure worth trying again later (the province or intake did not answer) */
export class FileNotYet extends Error {}

/** what intake says of a file it will never take */
const REFUSALS = new Set(['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'INVALID_STATE', 'NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE']);

/**
 * The files of an application made on the provincial 政务服务网 (issue 18.3: "with their materials"): each is fetched
 * from the province (a signed GET, only under PROVINCE_ZWFW_FILES_URL — never a URL anywhere else, MATERIAL_MAX_FILE_BYTES
 * at most), checked like an upload at the window (type by content, the province's SHA-256 when it gives one), written
 * to the materials' storage under a key made from the province's item (the same key on a second try), and recorded in
 * intake once (`material-file.province`, Idempotency-Key per file). The gateway's uploads do the same for the portal;
 * the bytes never travel over NATS (1 MB per message).
 *
 * A file nobody can take (outside the province's file address, wrong type, wrong checksum, too large, a material the
 * application does not have) is reported back as a problem — the application stands, its pre-check will ask for it —;
 * the province or intake not answering throws `FileNotYet` (the whole item is tried again; each step is idempotent).
 */
@Injectable()
export class ProvinceFiles {
  private readonly logger = new Logger('ProvinceFiles');
  private readonly realTime = new Clock();

  constructor(
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly storageEnv: MaterialStorageEnv,
    private readonly storage: ObjectStorage,
    private readonly rpc: RpcClient,
  ) {}

  /** the problems of the files that could not be taken (none: every file is the application's now) */
  async attach(applicationId: string, inboundItemId: string, files: ProvinceFile[]): Promise<string[]> {
    const problems: string[] = [];
    for (const [i, f] of files.entries()) {
      const label = typeof f.fileName === 'string' && f.fileName ? f.fileName : `#${i + 1}`;
      try {
        await this.attachOne(applicationId, `${inboundItemId}:file:${i}`, f);
      } catch (err) {
        if (err instanceof FileNotYet) throw err;
        // in Chinese where the check says it in Chinese (the supervisor reads it)
        const why = err instanceof AppError ? err.details.map((d) => d.problemZh ?? d.problem).join('；') || err.message : (err as Error).message;
        problems.push(`材料文件“${label}”未能转入：${why}`);
      }
    }
    return problems;
  }

  private async attachOne(applicationId: string, key: string, f: ProvinceFile): Promise<void> {
    if (typeof f.materialCode !== 'string' || typeof f.url !== 'string') throw new Error('缺少材料编码（materialCode）或文件地址（url）');
    const base = this.env.PROVINCE_ZWFW_FILES_URL;
    if (!base) throw new Error('未配置省政务服务网文件地址（PROVINCE_ZWFW_FILES_URL），未取文件');
    // only the province's own file address is ever asked (no request goes where a pushed body points)
    if (!f.url.startsWith(base.endsWith('/') ? base : `${base}/`)) throw new Error(`文件地址不在省政务服务网文件地址（${base}）之下，未取`);
    const bytes = await this.fetch(f.url);
    const fileName = typeof f.fileName === 'string' ? f.fileName : '';
    const mediaType = materialMediaType(bytes, fileName, typeof f.mediaType === 'string' ? f.mediaType : '');
    const sha256 = sha256Hex(bytes);
    if (typeof f.sha256 === 'string' && f.sha256.toLowerCase() !== sha256) throw new Error(`文件校验值（SHA-256）与省平台提供的不一致（收到${sha256}，应为${f.sha256}）`);
    const storageKey = `applications/${applicationId.toLowerCase()}/${uuidOf(key)}`;
    await this.storage.put(storageKey, bytes, mediaType);
    try {
      await this.rpc.request(
        Rpc.intake.recordMaterialFileFromProvince,
        { applicationId, materialCode: f.materialCode, fileName: sanitizeFileName(fileName, mediaType), mediaType, size: bytes.length, sha256, storageKey },
        { idempotencyKey: `province-${key.replaceAll(':', '-')}` },
      );
    } catch (err) {
      if (err instanceof AppError && REFUSALS.has(err.code)) {
        await this.storage.delete(storageKey).catch(() => undefined);
        throw err;
      }
      throw new FileNotYet(`intake: ${(err as Error).message}`);
    }
  }

  /** the bytes, at most MATERIAL_MAX_FILE_BYTES; no answer or 5xx: `FileNotYet`; other refusals: an Error */
  private async fetch(url: string): Promise<Buffer> {
    const limit = this.storageEnv.MATERIAL_MAX_FILE_BYTES;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: signedHeaders(this.env.PROVINCE_ZWFW_APP_ID ?? '', this.env.PROVINCE_ZWFW_APP_SECRET ?? '', '', this.realTime.now().getTime()),
        signal: AbortSignal.timeout(this.env.EXCHANGE_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      throw new FileNotYet(noAnswer(err));
    }
    if (res.status >= 500 || res.status === 429) throw new FileNotYet(`HTTP ${res.status}`);
    if (!res.ok) throw new Error(`省平台未提供该文件（HTTP ${res.status}）`);
    if (Number(res.headers.get('content-length') ?? 0) > limit) throw new Error(`${TOO_LARGE}（${limit}字节）`);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body ?? []) {
        size += (chunk as Uint8Array).length;
        if (size > limit) throw new Error(`${TOO_LARGE}（${limit}字节）`);
        chunks.push(Buffer.from(chunk as Uint8Array));
      }
    } catch (err) {
      if ((err as Error).message.startsWith(TOO_LARGE)) throw err;
      throw new FileNotYet(noAnswer(err));
    }
    this.logger.debug(`fetched ${size} bytes`);
    return Buffer.concat(chunks);
  }
}

/** a UUID-shaped key segment made from the item and the file's place in it: the same on every try */
function uuidOf(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
