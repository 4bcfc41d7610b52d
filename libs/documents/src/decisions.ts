/**
 * The written decisions and notices of the licensing procedure after acceptance:
 * - 准予行政许可决定书 (Art. 38 (1), Art. 39): what is granted, the result documents, delivery within ten days (Art. 44);
 * - 不予行政许可决定书 (Art. 38 (2)): the reasons, the legal clause, the rights to reconsideration and litigation;
 * - 特别程序告知书 (Art. 45): which special procedure, why, how long; its time is not counted in the limit;
 * - 撤销 / 撤回行政许可决定书 (Art. 69 / Art. 8) and 证照更正通知书: the document concerned, the reason, the legal
 *   basis and — for a correction — the number of the document that replaces it.
 * Pure renderers: data in, PDF bytes out; the words for codes come from libs/domain's labels.
 */
import {
  CERTIFICATE_CHANGE_TEXT,
  ISSUE_DAYS,
  LICENSING_DOCUMENT_KIND_TEXT,
  procedureText,
  TASK_PAUSE_KIND_TEXT,
  type CertificateChangeKind,
  type LicensingDocumentKind,
  type Procedure,
} from '@yichuang/domain';
import { remediesText, validityText, type Agency, type Holder, type ProjectRef, type Remedies, type Validity, type Verification } from './common.js';
import { closing, flow, heading, numbered, paragraph, text, withClosing, type Block, type MaybeBlock } from './layout.js';
import { chineseDate, chineseNumeral, renderPdf } from './pdf.js';

/** What every decision about one application names. */
export interface ApplicationRef {
  /** the agency that decides (its seal) */
  issuer: Agency;
  documentNo: string;
  applicant: Holder;
  /** the approval item (事项), e.g. 建设用地规划许可证核发 */
  item: string;
  project: ProjectRef;
  caseNo: string;
  /** YYYY-MM-DD */
  applicationDate: string;
  /** YYYY-MM-DD, when accepted (受理) */
  acceptedDate?: string;
  /** 经办人 */
  officer?: string;
  /** the QR code that verifies this document (optional for decisions) */
  verification?: Verification;
}

export interface GrantDecisionData extends ApplicationRef {
  /** YYYY-MM-DD */
  decisionDate: string;
  /** the provisions the grant rests on */
  legalBasis: string;
  /** the result documents issued with the decision (Art. 39) */
  results: readonly { name: string; documentNo?: string }[];
  /** the conditions of the licence (许可条件), from the reviewer's opinion */
  conditions?: readonly string[];
  validity?: Validity;
  /** how the result reaches the applicant (`DELIVERY_METHOD_TEXT`: 窗口领取 / EMS免费寄递) */
  delivery?: string;
  /** to state the rights against the decision (its conditions may be contested too); unstated when absent */
  remedies?: Remedies;
}

export interface DenialDecisionData extends ApplicationRef {
  decisionDate: string;
  /** why the application does not meet the conditions, one reason each */
  reasons: readonly string[];
  /** the clause the refusal rests on, e.g. 《中华人民共和国城乡规划法》第三十八条 */
  legalClause: string;
  remedies: Remedies;
}

export interface SpecialProcedureNoticeData extends ApplicationRef {
  /** YYYY-MM-DD: the notice's date */
  noticeDate: string;
  procedure: Procedure;
  /** why the procedure is needed */
  reason: string;
  /** the working days it is expected to take */
  workingDays: number;
  /** YYYY-MM-DD: when it starts, and (optional) when it is expected to end */
  startDate: string;
  expectedEndDate?: string;
  /** who to ask */
  contact?: { name: string; phone: string };
}

/** Render a 准予行政许可决定书. */
export async function renderGrantDecision(d: GrantDecisionData): Promise<Buffer> {
  const title = LICENSING_DOCUMENT_KIND_TEXT.grant_decision;
  let n = 0;
  const head = (s: string): string => `${chineseNumeral(++n)}、${s}`;
  const results = d.results.map((r) => `《${r.name}》${r.documentNo ? `（编号：${r.documentNo}）` : ''}`).join('、');
  return render(d, title, d.decisionDate, [
    paragraph(`你（单位）于${chineseDate(d.applicationDate)}提出的“${d.project.name}”${d.item}申请（办件编号：${d.caseNo}）${accepted(d)}。经审查，该申请符合法定条件、标准。根据${d.legalBasis}的规定，本机关决定准予行政许可。`),
    paragraph('许可内容如下：', { keepWithNext: true }),
    paragraph(head(`许可事项：${d.item}。`)),
    paragraph(head(`项目名称：${d.project.name}（项目代码：${d.project.code}）；建设地点：${d.project.location}。`)),
    results !== '' && paragraph(head(`颁发的证照：${results}。`)),
    ...(d.conditions && d.conditions.length > 0
      ? [paragraph(head('许可条件：'), { keepWithNext: true }), ...d.conditions.map((c, i) => paragraph(`（${chineseNumeral(i + 1)}）${c}`))]
      : []),
    d.validity && paragraph(head(`有效期：${validityText(d.validity)}。`)),
    paragraph(`本机关将自本决定作出之日起${chineseNumeral(ISSUE_DAYS)}日内向你（单位）颁发、送达上述证照${d.delivery ? `，送达方式：${d.delivery}` : ''}。`),
    d.remedies && paragraph(remediesText(d.remedies)),
    d.officer && text(`经办人：${d.officer}`, { after: 4 }),
  ]);
}

/** Render a 不予行政许可决定书: the reasons, the legal clause, the rights to reconsideration and litigation. */
export async function renderDenialDecision(d: DenialDecisionData): Promise<Buffer> {
  if (d.reasons.length === 0) throw new RangeError('a refusal states its reasons (Art. 38)');
  const title = LICENSING_DOCUMENT_KIND_TEXT.denial_decision;
  return render(d, title, d.decisionDate, [
    paragraph(`你（单位）于${chineseDate(d.applicationDate)}提出的“${d.project.name}”${d.item}申请（办件编号：${d.caseNo}）${accepted(d)}。经审查，该申请不符合法定条件、标准，理由如下：`, { keepWithNext: true }),
    ...d.reasons.map((r, i) => paragraph(`${chineseNumeral(i + 1)}、${r}`)),
    paragraph(`根据${d.legalClause}的规定，本机关决定不予行政许可。`),
    paragraph(remediesText(d.remedies)),
    d.officer && text(`经办人：${d.officer}`, { after: 4 }),
  ]);
}

/** Render a 特别程序告知书 (Art. 45). */
export async function renderSpecialProcedureNotice(d: SpecialProcedureNoticeData): Promise<Buffer> {
  const title = LICENSING_DOCUMENT_KIND_TEXT.special_procedure_notice;
  const special = TASK_PAUSE_KIND_TEXT.special_procedure;
  const procedure = procedureText(d.procedure);
  const until = d.expectedEndDate ? `，预计于${chineseDate(d.expectedEndDate)}前完成` : '';
  return render(d, title, d.noticeDate, [
    paragraph(`你（单位）提出的“${d.project.name}”${d.item}申请（办件编号：${d.caseNo}），在审查过程中需要进行${procedure}。根据《中华人民共和国行政许可法》第四十五条的规定，现将有关事项告知如下：`, { keepWithNext: true }),
    ...numbered(
      [
        `${special}种类：${procedure}。`,
        `${special}理由：${d.reason}`,
        `所需时间：自${chineseDate(d.startDate)}起，预计需要${d.workingDays}个工作日${until}。`,
        `${procedure}所需时间不计算在行政许可的办理期限内。${procedure}结束后，恢复计算办理期限，我们将及时告知你（单位）办理进展。`,
      ],
      { indent: 2, after: 5, marker: (i) => `${chineseNumeral(i + 1)}、` },
    ),
    d.contact && paragraph(`如有疑问，请与${d.contact.name}联系，电话：${d.contact.phone}。`),
    paragraph('特此告知。'),
  ]);
}

export interface CertificateChangeNoticeData {
  kind: CertificateChangeKind;
  /** the agency that issued the document and now changes it (its seal) */
  issuer: Agency;
  /** this notice's own number */
  documentNo: string;
  holder: Holder;
  /** the document revoked, withdrawn or corrected */
  document: { name: string; documentNo: string; issueDate: string };
  /** YYYY-MM-DD: the date of this decision or notice */
  date: string;
  /** YYYY-MM-DD: from when the document is no longer valid (default: `date`) */
  effectiveDate?: string;
  reason: string;
  /** e.g. 《中华人民共和国行政许可法》第六十九条第二款 */
  legalBasis: string;
  /** the document that replaces a corrected one: required for `correct` */
  replacement?: { name?: string; documentNo: string };
  /** the rights against a revocation or withdrawal (they are decisions too); unstated when absent */
  remedies?: Remedies;
  verification?: Verification;
}

const CHANGE_DOCUMENT: Record<CertificateChangeKind, LicensingDocumentKind> = {
  revoke: 'revocation_decision',
  withdraw: 'withdrawal_decision',
  correct: 'correction_notice',
};

/** Render a 撤销行政许可决定书, 撤回行政许可决定书 or 证照更正通知书. @throws RangeError for a correction without its replacement */
export async function renderCertificateChangeNotice(d: CertificateChangeNoticeData): Promise<Buffer> {
  if (d.kind === 'correct' && !d.replacement) throw new RangeError('a corrected document names the document that replaces it');
  const title = LICENSING_DOCUMENT_KIND_TEXT[CHANGE_DOCUMENT[d.kind]];
  const verb = CERTIFICATE_CHANGE_TEXT[d.kind];
  const doc = `《${d.document.name}》（编号：${d.document.documentNo}）`;
  const issued = `本机关于${chineseDate(d.document.issueDate)}向你（单位）核发的${doc}`;
  const effective = chineseDate(d.effectiveDate ?? d.date);
  const body: MaybeBlock[] =
    d.kind === 'correct'
      ? [
          paragraph(`${issued}，经核查，${d.reason}。根据${d.legalBasis}的规定，本机关予以${verb}，重新核发《${d.replacement?.name ?? d.document.name}》（编号：${d.replacement?.documentNo}）。`),
          paragraph(`原证照（编号：${d.document.documentNo}）自${effective}起作废，核验时显示为“已${verb}”，并指向更正后的证照；请以更正后的证照为准。`),
        ]
      : [
          paragraph(`${issued}，经查，${d.reason}。根据${d.legalBasis}的规定，本机关决定${verb}该行政许可。`),
          paragraph(`${doc}自${effective}起失效，核验时显示为“已${verb}”。`),
          d.kind === 'withdraw' && paragraph('因撤回行政许可给你（单位）造成财产损失的，本机关将依法给予补偿。'),
          d.remedies && paragraph(remediesText(d.remedies)),
        ];
  return renderPdf({ title, subject: d.documentNo, date: d.date, author: d.issuer.name }, (pdf) => {
    flow(pdf, withClosing([heading({ agency: d.issuer.name, title, documentNo: d.documentNo }), text(`${d.holder.name}：`, { after: 5, keepWithNext: true }), ...body], closing({ agency: d.issuer.name, date: d.date, verification: d.verification })));
  });
}

/** ，本机关已于2026年11月26日依法受理 */
function accepted(d: ApplicationRef): string {
  return d.acceptedDate ? `，本机关已于${chineseDate(d.acceptedDate)}依法受理` : '';
}

/** The head, the salutation, the body and the closing; the last paragraph stays with the seal even after the 经办人 line. */
function render(d: ApplicationRef, title: string, date: string, body: readonly MaybeBlock[]): Promise<Buffer> {
  const blocks = body.filter((b): b is Block => Boolean(b));
  return renderPdf({ title, subject: d.documentNo, date, author: d.issuer.name }, (doc) => {
    flow(doc, withClosing([heading({ agency: d.issuer.name, title, documentNo: d.documentNo }), text(`${d.applicant.name}：`, { after: 5, keepWithNext: true }), ...blocks], closing({ agency: d.issuer.name, date, verification: d.verification }), d.officer ? 2 : 1));
  });
}
