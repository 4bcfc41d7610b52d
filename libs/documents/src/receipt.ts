/**
 * 领证回执 — the hand-over receipt of result documents at the window: which documents (number, name), to whom (the
 * collector's name, masked ID number and capacity: the holder, its legal representative, the contact of the
 * application, or an authorised agent), at which window, by which staff member, when, and the SHA-256 of the
 * collector's signature image as captured on the signing pad (the image itself stays in the certificate service).
 */
import { chinaToday, COLLECTOR_CAPACITY_TEXT, LICENSING_DOCUMENT_KIND_TEXT, maskIdNumber, type CollectorCapacity } from '@yichuang/domain';
import type { Agency, Holder, Verification } from './common.js';
import { caption, closing, fieldTable, flow, grid, heading, paragraph, text, withClosing } from './layout.js';
import { chineseDateTime, renderPdf } from './pdf.js';

export interface HandoverReceiptData {
  /** the hall that hands the documents out (its seal) */
  hall: Agency;
  receiptNo: string;
  caseNo: string;
  /** the holder of the documents */
  holder: Holder;
  documents: readonly { documentNo: string; name: string; copies?: number }[];
  collector: {
    name: string;
    /** the collector's ID number: printed masked (4115**********1234), whatever is passed */
    idNumber: string;
    capacity: CollectorCapacity;
    /** for an authorised agent: the authorisation recorded at the window (e.g. its number, scope) */
    authorisation?: string;
  };
  /** e.g. 3号窗口 */
  window: string;
  staff: string;
  /** the instant of the hand-over (ISO 8601); printed in China time */
  collectedAt: string;
  /** SHA-256 (hex) of the collector's signature image */
  signatureSha256?: string;
  verification?: Verification;
}

/** Render a 领证回执. */
export async function renderHandoverReceipt(d: HandoverReceiptData): Promise<Buffer> {
  const title = LICENSING_DOCUMENT_KIND_TEXT.handover_receipt;
  const date = chinaToday(new Date(d.collectedAt));
  const c = d.collector;
  const rows: [string, string][] = [
    ['办件编号', d.caseNo],
    ['持证单位（人）', d.holder.name],
    ['领取人', c.name],
    ['领取人证件号码', maskIdNumber(c.idNumber)],
    ['领取人身份', COLLECTOR_CAPACITY_TEXT[c.capacity] ?? c.capacity],
  ];
  if (c.authorisation) rows.push(['授权委托', c.authorisation]);
  rows.push(['领取窗口', d.window], ['经办人', d.staff], ['领取时间', chineseDateTime(d.collectedAt)]);
  return renderPdf({ title, subject: d.receiptNo, date, author: d.hall.name }, (doc) => {
    flow(
      doc,
      withClosing(
        [
          heading({ agency: d.hall.name, title, documentNo: d.receiptNo }),
          fieldTable(rows),
          caption(`领取的证照（共${d.documents.length}件）：`),
          grid(
            [{ width: 40, align: 'center' }, {}, { width: 190 }, { width: 44, align: 'center' }],
            d.documents.map((x, i) => [String(i + 1), x.name, x.documentNo, String(x.copies ?? 1)]),
            { header: ['序号', '证照名称', '证照编号', '份数'] },
          ),
          d.signatureSha256 && text(`领取人签名图像摘要（SHA-256）：${d.signatureSha256}`, { size: 9, after: 6 }),
          paragraph('以上证照已当面点交，领取人已核对证照内容无误。'),
        ],
        closing({ agency: d.hall.name, date, signatures: ['领取人（签字）：________________'], verification: d.verification }),
      ),
    );
  });
}
