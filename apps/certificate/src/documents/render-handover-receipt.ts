import { Inject, Injectable } from '@nestjs/common';
import type { HandoverView, PdfDocument } from '@yichuang/contracts';
import { renderHandoverReceipt } from '@yichuang/documents';
import { LICENSING_DOCUMENT_KIND_TEXT } from '@yichuang/domain';
import { CERTIFICATE_ENV } from '../tokens.js';
import type { CertificateEnv } from '../config.js';

/**
 * The 领证回执 of a hand-over at the window: which documents, to whom in which capacity (the ID number masked), by
 * which staff member at which window, when, and the hash of the collector's signature — rendered on demand from the
 * hand-over record (same record, same bytes).
 */
@Injectable()
export class RenderHandoverReceipt {
  constructor(@Inject(CERTIFICATE_ENV) private readonly env: CertificateEnv) {}

  async execute(h: HandoverView): Promise<PdfDocument> {
    const content = await renderHandoverReceipt({
      hall: { name: this.env.HALL_AGENCY },
      receiptNo: h.id,
      caseNo: h.caseNo,
      holder: { name: h.holderName },
      documents: h.documents.map((d) => ({ documentNo: d.no, name: d.typeName })),
      collector: {
        name: h.collectorName,
        idNumber: h.collectorIdNumber,
        capacity: h.capacity,
        ...(h.authorisation ? { authorisation: `授权委托书（${h.authorisation.agentName}，SHA-256 ${h.authorisation.letterSha256.slice(0, 16)}…）` } : {}),
      },
      window: h.windowNo ? `${h.windowNo}窗口` : '统一出件窗口',
      staff: h.handedOverBy,
      collectedAt: h.handedOverAt,
      ...(h.signatureSha256 ? { signatureSha256: h.signatureSha256 } : {}),
    });
    return { title: LICENSING_DOCUMENT_KIND_TEXT.handover_receipt, documentNo: h.id, filename: `handover-receipt-${h.id}.pdf`, contentBase64: content.toString('base64') };
  }
}
