/**
 * 告知承诺书 — the commitment letter of a notify-and-commit item (告知承诺制): the agency tells the applicant the
 * conditions, the materials, how and when it will check afterwards (事后核查), and what a false commitment leads to
 * (revocation, Art. 69; the applicant's liability, Art. 79; the credit record); the applicant commits in writing and
 * signs. The licence is then granted on the spot; the check follows within the stated working days.
 */
import { LICENSING_DOCUMENT_KIND_TEXT } from '@yichuang/domain';
import type { Agency, Holder, ProjectRef } from './common.js';
import { caption, closing, flow, heading, paragraph, text, withClosing, type Block, type MaybeBlock } from './layout.js';
import { chineseNumeral, renderPdf } from './pdf.js';

export interface CommitmentLetterData {
  /** the agency that grants the item and checks afterwards (its seal) */
  issuer: Agency;
  documentNo?: string;
  /** the approval item (事项) */
  item: string;
  applicant: Holder & { address?: string; phone?: string };
  project?: ProjectRef;
  caseNo?: string;
  /** the provisions that set the licence (设定依据) */
  legalBasis: string;
  /** the conditions, standards and technical requirements the applicant commits to meet */
  conditions: readonly string[];
  /** the materials to hand in (now, or within the agreed time) */
  materials: readonly string[];
  /** the working days after the grant within which the agency checks (事后核查) */
  checkWorkingDays: number;
  /** how it checks, e.g. 现场核查 / 书面核查 */
  checkMethod?: string;
  /** YYYY-MM-DD: the letter's date */
  date: string;
}

/** What a false commitment leads to: the agency's words, the same on every letter. */
export const FALSE_COMMITMENT_CONSEQUENCES =
  '申请人作出不实承诺，或者经核查不符合所承诺的条件的，本机关将责令限期整改；逾期不整改或者整改后仍不符合条件的，依法撤销行政许可。' +
  '申请人以欺骗等不正当手段取得行政许可的，依照《中华人民共和国行政许可法》第六十九条、第七十九条的规定予以撤销，申请人在一年内不得再次申请该行政许可；' +
  '申请人依法承担相应的法律责任，构成犯罪的，依法追究刑事责任。不实承诺的情况将记入申请人的信用记录。';

/** The applicant's commitment, in the words of the national model (国办发〔2020〕42号). */
export const APPLICANT_COMMITMENTS = [
  '已经知晓本机关告知的全部内容；',
  '自身已经符合本机关告知的条件、标准和技术要求；',
  '能够在约定期限内提交本机关告知的相关材料，所提交的材料真实、合法、有效；',
  '愿意配合本机关的事后核查，愿意承担不实承诺、违反承诺的法律责任；',
  '所作承诺是本人（单位）真实意思的表示。',
] as const;

/** Render a 告知承诺书. */
export async function renderCommitmentLetter(d: CommitmentLetterData): Promise<Buffer> {
  const title = LICENSING_DOCUMENT_KIND_TEXT.commitment_letter;
  const sub = (i: number): string => `（${chineseNumeral(i + 1)}）`;
  const list = (items: readonly string[]): Block[] => items.map((s, i) => text(`${i + 1}. ${s}`, { left: 48, after: 3 }));
  let told = 0;
  const tell = (s: string, opts: { keepWithNext?: boolean } = {}): Block => paragraph(`${sub(told++)}${s}`, opts);
  const a = d.applicant;
  const blocks: MaybeBlock[] = [
    heading({ agency: d.issuer.name, title, documentNo: d.documentNo }),
    caption('一、行政机关告知'),
    tell(`事项名称：${d.item}${d.caseNo ? `（办件编号：${d.caseNo}）` : ''}。`),
    d.project && tell(`项目名称：${d.project.name}（项目代码：${d.project.code}），建设地点：${d.project.location}。`),
    tell(`设定依据：${d.legalBasis}。`),
    tell('申请人应当符合的条件、标准和技术要求：', { keepWithNext: true }),
    ...list(d.conditions),
    tell('申请人需要提交的材料：', { keepWithNext: true }),
    ...list(d.materials),
    tell(`核查方式和期限：本机关将自作出行政许可决定之日起${d.checkWorkingDays}个工作日内，${d.checkMethod ? `以${d.checkMethod}的方式` : ''}对申请人的承诺内容进行核查。`),
    tell(`不实承诺的法律后果：${FALSE_COMMITMENT_CONSEQUENCES}`),
    caption('二、申请人承诺'),
    text(`申请人：${a.name}`, { left: 24, after: 2 }),
    a.idNumber && text(`统一社会信用代码（公民身份号码）：${a.idNumber}`, { left: 24, after: 2 }),
    a.legalRepresentative && text(`法定代表人：${a.legalRepresentative}`, { left: 24, after: 2 }),
    a.address && text(`地址：${a.address}`, { left: 24, after: 2 }),
    a.phone && text(`联系电话：${a.phone}`, { left: 24, after: 6 }),
    paragraph('本人（单位）郑重承诺：', { keepWithNext: true }),
    ...APPLICANT_COMMITMENTS.map((c, i) => paragraph(`${sub(i)}${c}`)),
    paragraph('本告知承诺书一式两份，申请人和本机关各执一份。'),
  ];
  return renderPdf({ title, subject: d.documentNo ?? d.item, date: d.date, author: d.issuer.name }, (doc) => {
    flow(
      doc,
      withClosing(
        blocks,
        closing({ agency: d.issuer.name, date: d.date, signatures: ['申请人（签字或盖章）：________________', '法定代表人（签字）：__________________', '签署日期：________年____月____日'] }),
      ),
    );
  });
}
