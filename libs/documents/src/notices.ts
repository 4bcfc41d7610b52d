/**
 * The written documents of the comprehensive window (Administrative Licensing Law Art. 32):
 * 一次性告知书 (one-time notice), 受理通知书 (acceptance notice), 不予受理决定书 (rejection decision).
 * Pure renderers: data in, PDF bytes out. Coded values (verdicts, material forms, item kinds, procedures) are
 * written with libs/domain's labels, the words of the SMS and the case's timeline.
 */
import {
  DOCUMENT_KIND_TEXT,
  ITEM_KIND_TEXT,
  labelOf,
  MATERIAL_FORMS,
  MATERIAL_FORM_TEXT,
  MATERIAL_ORIGINAL_TEXT,
  PROCEDURE_TEXT,
  PROVISIONAL_TEXT,
  TASK_PAUSE_KIND_TEXT,
  VERDICT_TEXT,
  type ItemKind,
  type MaterialForm,
  type MaterialOriginal,
  type Verdict,
} from '@yichuang/domain';
import { materialLine, mergeMaterials, remediesText, type Remedies } from './common.js';
import { caption, closing, flow, heading, numbered, paragraph, text, type Block } from './layout.js';
import { chineseDate, renderPdf } from './pdf.js';

/**
 * What Art. 45 does not count in the limit (听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审), with the local special
 * procedures: the hall's own procedures by the names the applicant's SMS will use.
 */
const UNCOUNTED_PROCEDURES = [
  PROCEDURE_TEXT.hearing,
  '招标',
  '拍卖',
  PROCEDURE_TEXT.testing,
  '检疫',
  '鉴定',
  PROCEDURE_TEXT.expert_review,
  PROCEDURE_TEXT.public_notice,
  PROCEDURE_TEXT.site_inspection,
  PROCEDURE_TEXT.consultation,
].join('、');

export interface HallInfo {
  /** the agency whose seal the document carries, e.g. 新县政务服务中心 */
  agency: string;
  address: string;
  phone: string;
  website: string;
}

export interface Party {
  name: string;
  idNumber: string;
  phone: string;
  agentName?: string;
}

export interface OneTimeNoticeData {
  hall: HallInfo;
  documentNo: string;
  applicant: Party;
  projectName: string;
  items: string[];
  receivedDate: string;
  issuedDate: string;
  officer: string;
  problems: { name: string; verdict: Exclude<Verdict, 'ok'>; note?: string; original?: MaterialOriginal; forms?: MaterialForm[] }[];
}

export async function renderOneTimeNotice(d: OneTimeNoticeData): Promise<Buffer> {
  const title = DOCUMENT_KIND_TEXT.one_time_notice;
  return renderPdf({ title, subject: d.documentNo, date: d.issuedDate, author: d.hall.agency }, (doc) => {
    flow(doc, [
      heading({ agency: d.hall.agency, title, documentNo: d.documentNo }),
      salutation(d.applicant.name),
      paragraph(
        `你（单位）于${chineseDate(d.receivedDate)}提交的“${d.projectName}”${d.items.join('、')}申请，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知你（单位）需要补正的全部内容如下：`,
      ),
      ...numbered(mergeProblems(d.problems).map(problemLine), { left: 24, marker: (i) => `${i + 1}. ` }),
      paragraph(`请你（单位）按照上述要求补正后，携带本告知书到${d.hall.address}综合窗口提交，或通过${d.hall.website}在线补正。补正材料齐全、符合法定形式的，我中心将依法受理。`),
      paragraph(`本告知书已载明全部需补正事项，不再另行告知其他内容。如有疑问，请致电${d.hall.phone}。`, { keepWithNext: true }),
      text(`经办人：${d.officer}\u3000\u3000告知日期：${chineseDate(d.issuedDate)}`, { keepWithNext: true, unbreakable: true }),
      closing({ agency: d.hall.agency, date: d.issuedDate, signatures: ['申请人（签收）：________________'] }),
    ]);
  });
}

type Problem = OneTimeNoticeData['problems'][number];

/** The same material listed twice (its paper and its electronic form) is told once, with both forms. */
function mergeProblems(problems: readonly Problem[]): Problem[] {
  const merged = new Map<string, Problem>();
  for (const p of problems) {
    const key = `${p.name.trim()}\u0000${p.verdict}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...p, name: p.name.trim(), forms: p.forms ? [...p.forms] : undefined });
      continue;
    }
    const forms = new Set([...(seen.forms ?? []), ...(p.forms ?? [])]);
    seen.forms = forms.size > 0 ? MATERIAL_FORMS.filter((f) => forms.has(f)) : undefined;
    const notes = [seen.note, p.note].filter((n): n is string => Boolean(n));
    seen.note = notes.length > 0 ? [...new Set(notes)].join('；') : undefined;
    seen.original ??= p.original;
  }
  return [...merged.values()];
}

function problemLine(p: Problem): string {
  const what = p.verdict === 'missing' ? `${VERDICT_TEXT.missing}，请补充提交` : `${VERDICT_TEXT.defective}，请更正后重新提交`;
  const forms = (p.forms ?? []).map((f) => labelOf(MATERIAL_FORM_TEXT, f)).filter((f) => f !== undefined);
  const form = [labelOf(MATERIAL_ORIGINAL_TEXT, p.original), forms.length ? `${forms.join('或')}材料` : undefined].filter(Boolean).join('，');
  return `${p.name}：${what}${form ? `（${form}）` : ''}${p.note && p.note !== VERDICT_TEXT.missing ? `。说明：${p.note}` : ''}。`;
}

/** 新县城投建设有限公司： */
function salutation(name: string): Block {
  return text(`${name}：`, { after: 5, keepWithNext: true });
}

export interface AcceptanceNoticeData {
  hall: HallInfo;
  documentNo: string;
  caseNo: string;
  applicant: Party;
  project: { code: string; name: string; location: string };
  /**
   * `dueDateProvisional`: the due date counts days of a year whose holiday arrangement the State Council has not
   * announced yet (reckoned from the holiday law's fixed holidays): printed as 暂定, with the note below
   */
  items: { name: string; department: string; legalDays: number; promisedDays: number; kind: ItemKind; dueDate: string; dueDateProvisional?: boolean }[];
  applicationDate: string;
  acceptedDate: string;
  officer: string;
  officerPhone: string;
  materials: { name: string; form: MaterialForm }[];
  legalBasis: string;
  delivery: string;
}

export async function renderAcceptanceNotice(d: AcceptanceNoticeData): Promise<Buffer> {
  const title = DOCUMENT_KIND_TEXT.acceptance_notice;
  const provisionalYears = [...new Set(d.items.filter((it) => it.dueDateProvisional).map((it) => it.dueDate.slice(0, 4)))];
  return renderPdf({ title, subject: d.caseNo, date: d.acceptedDate, author: d.hall.agency }, (doc) => {
    flow(doc, [
      heading({ agency: d.hall.agency, title, documentNo: d.documentNo }),
      salutation(d.applicant.name),
      paragraph(`你（单位）于${chineseDate(d.applicationDate)}提出的“${d.project.name}”行政许可申请，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`),
      ...fieldLines([
        ['办件编号', d.caseNo],
        ['申请人', `${d.applicant.name}${d.applicant.agentName ? `（代办人：${d.applicant.agentName}）` : ''}`],
        ['联系电话', d.applicant.phone],
        ['项目代码', d.project.code],
        ['项目地点', d.project.location],
        ['受理日期', chineseDate(d.acceptedDate)],
        ['受理人', `${d.officer}（电话：${d.officerPhone}）`],
        ['法律依据', d.legalBasis],
      ]),
      caption('申请事项及办理时限：'),
      ...numbered(
        d.items.map((it) => {
          const limit =
            it.kind === 'promised'
              ? `法定时限${it.legalDays}个工作日，承诺时限${it.promisedDays}个工作日，承诺办结日期${chineseDate(it.dueDate)}${it.dueDateProvisional ? `（${PROVISIONAL_TEXT}）` : ''}`
              : `${labelOf(ITEM_KIND_TEXT, it.kind) ?? ITEM_KIND_TEXT.instant}，当场办结`;
          return `${it.name}（${it.department}）：${limit}`;
        }),
        { left: 24 },
      ),
      provisionalYears.length > 0 &&
        paragraph(
          `注：标注“暂定”的承诺办结日期，因国务院办公厅尚未公布${provisionalYears.join('、')}年节假日安排，暂按《全国年节及纪念日放假办法》规定的法定节假日推算；安排公布后，以公布的安排为准重新计算，日期如有变动，我们将以短信告知。`,
        ),
      caption('已收取的申请材料：'),
      ...numbered(mergeMaterials(d.materials).map(materialLine), { left: 24 }),
      paragraph(`办理期间需要进行${UNCOUNTED_PROCEDURES}等${TASK_PAUSE_KIND_TEXT.special_procedure}的，所需时间不计算在上述期限内，我们将书面告知所需时间。`),
      paragraph('本事项不收取费用。'),
      paragraph(`办理进度查询：凭办件编号${d.caseNo}及申请时预留手机号后四位，拨打${d.hall.phone}或登录${d.hall.website}查询。`),
      paragraph(`结果送达方式：${d.delivery}`, { keepWithNext: true }),
      closing({ agency: d.hall.agency, date: d.acceptedDate, signatures: ['申请人（签字）：________________'] }),
    ]);
  });
}

/** 办件编号：411523-2026-000001 — one line per pair, the caption in 黑体 weight. */
function fieldLines(pairs: readonly (readonly [string, string])[]): Block[] {
  return pairs.map(([k, v], i) => text(`${k}：${v}`, { indent: 0, after: i === pairs.length - 1 ? 8 : 2, left: 24 }));
}

export interface RejectionDecisionData {
  hall: HallInfo;
  documentNo: string;
  applicant: Party;
  projectName: string;
  items: string[];
  applicationDate: string;
  decidedDate: string;
  reason: string;
  referTo?: string;
  officer: string;
  /** the reconsideration body and the court to name in the rights sentence; unnamed when absent */
  remedies?: Remedies;
}

export async function renderRejectionDecision(d: RejectionDecisionData): Promise<Buffer> {
  const title = DOCUMENT_KIND_TEXT.rejection_decision;
  return renderPdf({ title, subject: d.documentNo, date: d.decidedDate, author: d.hall.agency }, (doc) => {
    flow(doc, [
      heading({ agency: d.hall.agency, title, documentNo: d.documentNo }),
      salutation(d.applicant.name),
      paragraph(`你（单位）于${chineseDate(d.applicationDate)}提出的“${d.projectName}”${d.items.join('、')}申请，经审查，决定不予受理。`),
      paragraph(`理由：${d.reason}`),
      d.referTo ? paragraph(`该申请事项不属于本机关职权范围，请向${d.referTo}申请。`) : null,
      paragraph(remediesText(d.remedies), { keepWithNext: true }),
      text(`经办人：${d.officer}`, { keepWithNext: true, unbreakable: true }),
      closing({ agency: d.hall.agency, date: d.decidedDate }),
    ]);
  });
}
