import { StreamableFile } from '@nestjs/common';
import type { DocumentReply } from '@yichuang/contracts';

/** A PDF answer (`application/pdf`, shown inline, with its file name). */
export function pdfFile(doc: DocumentReply): StreamableFile {
  return new StreamableFile(Buffer.from(doc.contentBase64, 'base64'), {
    type: 'application/pdf',
    disposition: `inline; filename="${doc.filename}"`,
  });
}
