import { createHash } from 'node:crypto';
import type { MaterialMediaType } from '@yichuang/contracts';

/** the file name extensions each type may carry */
export const EXTENSIONS: Record<MaterialMediaType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
};

/**
 * The media type of a file decided by its first bytes (magic numbers), never by its name or the type the client
 * declared: `%PDF-` (ISO 32000-1 §7.5.2), JPEG's SOI marker FF D8 FF (ITU T.81), PNG's 8-byte signature
 * (RFC 2083 §3.1). Anything else is `null`. Hand-written because three fixed prefixes are all we accept: the
 * well-kept `file-type` package knows hundreds of formats but needs Node 22 and reads streams asynchronously, while
 * the gateway already holds the bytes.
 */
export function sniffMediaType(bytes: Uint8Array): MaterialMediaType | null {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** What a file's first bytes say it is, for a refusal's reason (a renamed program, an archive…). */
export function describeContent(bytes: Uint8Array): string {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) return '空文件';
  if (starts([0x4d, 0x5a])) return '可执行程序（EXE）';
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return '可执行程序（ELF）';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return '压缩包或Office文档';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'GIF图片';
  return '未知格式';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A file name safe to keep and to send back in Content-Disposition: the last path segment only, control characters,
 * path separators and characters Windows refuses removed, at most 120 characters (the extension kept), never empty.
 * It is only a label: storage keys never come from it.
 */
export function sanitizeFileName(name: string | undefined, mediaType: MaterialMediaType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^[.\s]+/, '').trim();
  const ext = EXTENSIONS[mediaType][0] ?? '';
  if (clean.length === 0) clean = `material${ext}`;
  const chars = Array.from(clean);
  if (chars.length > 120) {
    const dot = clean.lastIndexOf('.');
    const tail = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = chars.slice(0, 120 - Array.from(tail).length).join('') + tail;
  }
  return clean;
}
