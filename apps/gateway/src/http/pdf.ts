import { StreamableFile } from '@nestjs/common';
import type { DocumentReply, PdfDocument } from '@yichuang/contracts';
import { DOCUMENT_KIND_TEXT } from '@yichuang/domain';

/**
 * A PDF answer (`application/pdf`, shown inline). Its file name, for whoever saves it, is the document's Chinese
 * name and number (`受理通知书（新政服受〔2026〕1号）.pdf`, RFC 6266 `filename*`), with the ASCII name for old clients.
 */
export function pdfFile(doc: DocumentReply | PdfDocument): StreamableFile {
  const name = `${'kind' in doc ? DOCUMENT_KIND_TEXT[doc.kind] : doc.title}（${doc.documentNo}）.pdf`;
  return new StreamableFile(Buffer.from(doc.contentBase64, 'base64'), {
    type: 'application/pdf',
    disposition: `inline; filename="${doc.filename}"; filename*=UTF-8''${encodeRfc5987(name)}`,
  });
}

/** Percent-encoding of RFC 5987 `ext-value` (encodeURIComponent leaves ' ( ) * unencoded, which it may not). */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
