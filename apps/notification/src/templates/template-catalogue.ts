/**
 * The SMS template catalogue (短信模板目录): one entry per MessageTemplate, in code. An entry says who the SMS is for
 * (applicant or staff), whether it is urgent (sent even in quiet hours), which variables a body may use (each with
 * a Chinese description for the admin screen, whether it may be shortened with "…", and the longest a fixed one can
 * be), the default body (the hall's wording until the administrator saves another version), sample data for
 * previews, and how the event's data becomes the variables' values. Conditional wording (e.g. "，预计N个工作日"
 * only when the days are known, the yellow/red card's words) is computed here into a variable, so a body stays
 * plain text with placeholders.
 *
 * Data carries codes (a procedure, a queue category, an alarm level); their names come from libs/domain's labels,
 * the same names the task's record, the case's timeline and the documents use.
 */
import type { MessageTemplate } from '@yichuang/contracts';
import { ALARM_LEVEL_TEXT, labelOf, procedureText, PROVISIONAL_TEXT, QUEUE_CATEGORY_TEXT, type Procedure } from '@yichuang/domain';
import type { Piece, TemplateValue } from './render-template.js';

/** The hall's own words, from configuration. */
export interface TemplateContext {
  /** 短信签名, shown as 【…】 at the start */
  signature: string;
  /** where results are handed out */
  hallName: string;
  /** the inquiry phone */
  hallPhone: string;
}

export interface TemplateData {
  CASE_ACCEPTED: { name: string; project: string; items: number; date: string; caseNo: string };
  /** `ratingUrl`: the one-time rating link of this SMS (好差评); none when invitations are off */
  RESULT_READY: { name: string; caseNo: string; documents: string[]; ratingUrl?: string };
  ONE_TIME_NOTICE: { name: string; documentNo: string; problems: string[] };
  /** `category`: a queue category code (`stage1`, `consult`, …) */
  QUEUE_TURN_NEAR: { ticketNo: string; category: string; ahead: number };
  /** 特殊程序: `procedure` is the code (named by PROCEDURE_TEXT; none: 特殊程序) */
  TASK_SUSPENDED: { caseNo: string; item: string; procedure?: Procedure; reason: string; days?: number };
  /** 补齐补正: what to bring */
  CORRECTION_REQUESTED: { caseNo: string; item: string; items: string[] };
  /** 电子监察 yellow/red card, to the department's staff (and red ones to the supervisors) */
  TASK_ALARM: { level: 'yellow' | 'red'; caseNo: string; item: string; remainingWorkingDays: number; dueDate: string };
  /** 不予许可: the reason and the applicant's rights */
  TASK_REFUSED: { caseNo: string; item: string; reason: string };
  /** the calendar changed (e.g. the year's holiday arrangement was published): the new promised dates */
  DEADLINE_MOVED: { caseNo: string; reason: string; moves: { item: string; to: string; provisional: boolean }[] };
  /** 寄递: the results are in the post, with the waybill number */
  RESULT_MAILED: { name: string; caseNo: string; trackingNo: string; documents: string[]; ratingUrl?: string };
  /** 领证提醒: the results have waited at the pick-up desk `days` working days */
  PICKUP_REMINDER: { name: string; caseNo: string; documents: string[]; days: number };
  /** 撤销 / 撤回: which document, when, why, on what basis, and the applicant's rights */
  DOCUMENT_REVOKED: { caseNo: string; document: string; no: string; standing: 'revoked' | 'withdrawn'; date: string; reason: string; legalBasis?: string };
  /** 更正: the corrected document's new number, and to exchange the old one */
  DOCUMENT_CORRECTED: { caseNo: string; document: string; no: string; newNo: string; reason: string };
  /** 电子监察, Art. 32: an application neither notified nor decided within five working days is deemed accepted */
  DEEMED_ACCEPTANCE_ALARM: { project: string; receivedDate: string; dueDate: string; workingDays: number };
  /** 电子监察: a complaint not answered by its deadline */
  COMPLAINT_OVERDUE_ALARM: { topic: string; dueDate: string };
  /** 电子监察: a complaint on its last day to answer */
  COMPLAINT_DUE_ALARM: { topic: string; dueDate: string };
  /** 投诉: the responsible department has answered; the complainant is told where to read it */
  COMPLAINT_REPLIED: { topic: string; department: string };
  /** 差评整改: a rectification nearly due (yellow) or overdue (red), to the department head and the supervisors */
  RECTIFICATION_ALARM: { level: 'yellow' | 'red'; caseNo: string; dueDate: string };
  /** 差评整改: the applicant told of the outcome of their bad review */
  RECTIFICATION_OUTCOME: { caseNo: string; status: 'rectified' | 'cannot_rectify' | 'invalid' };
  /** 申请人查询本人办件: the one-time code to the phone of the application */
  PORTAL_CODE: { code: string; minutes: number };
}

export type Audience = 'applicant' | 'staff';

export interface TemplateVariable {
  name: string;
  /** what it is, for the admin screen */
  description: string;
  /** may be shortened with "…" to fit (names, project names, document lists, reasons) */
  elastic: boolean;
  /** a fixed variable: the longest value it can have (characters); never cut */
  maxLength?: number;
  /** a value made of pieces (fixed parts + elastic parts): its length at worst (fixed parts whole, elastic ones at their shortest) */
  worstLength?: number;
  /** the value comes from configuration (signature, hall name, hall phone): its real length counts */
  config?: keyof TemplateContext;
}

export interface TemplateSpec<T extends MessageTemplate = MessageTemplate> {
  code: T;
  audience: Audience;
  /** sent even in quiet hours (免打扰时段); staff messages are never held */
  urgent: boolean;
  variables: TemplateVariable[];
  /** the hall's wording until the administrator saves another version (version 0) */
  defaultBody: string;
  /** data for previews on the admin screen */
  sample: TemplateData[T];
  /** the variables' values for a message */
  values(ctx: TemplateContext, data: TemplateData[T]): Record<string, TemplateValue>;
}

/** The fixed signature of SMS to staff about alarms (not the hall's, so staff see at once what it is). */
export const ALARM_SIGNATURE = '电子监察';

/* ---------- the variables, described once ---------- */

const CASE_NO_MAX = 40; // CASE_NO_PATTERN
const DATE_MAX = 11; // 2026年11月26日
/** a result document's number: 字号 + 第 + 15 digits + 号 (e.g. 地字第411523202600003号, 19) with room for longer 字号 */
const DOC_NO_MAX = 24;
/** One move of DEADLINE_MOVED at its shortest: a shortened item name (5) + a date (11) + （暂定） (4). */
const MIN_MOVE = 20;
/** the rating invitation: its fixed words (17) and a link of at most 32 characters (RATING_LINK_URL) + the token (16) */
const RATING_INVITATION_MAX = 65;

/** 好差评 invitation of a completion SMS: the link and the reply digits (empty without a link). */
export function ratingInvitation(url: string | undefined): string {
  // the space ends the link for phones that would take the Chinese after it into the address
  return url ? `评价：${url} 或回复1-5（5分最满意）` : '';
}

const v = {
  signature: { name: 'signature', description: '短信签名（系统配置，显示在【】内）', elastic: false, config: 'signature' },
  hallName: { name: 'hallName', description: '政务服务中心名称（系统配置）', elastic: false, config: 'hallName' },
  hallPhone: { name: 'hallPhone', description: '咨询电话（系统配置）', elastic: false, config: 'hallPhone' },
  caseNo: { name: 'caseNo', description: '办件编号', elastic: false, maxLength: CASE_NO_MAX },
  name: { name: 'name', description: '申请人名称（过长时以“…”缩略）', elastic: true },
  project: { name: 'project', description: '项目名称（过长时缩略）', elastic: true },
  item: { name: 'item', description: '事项名称（过长时缩略）', elastic: true },
  documents: { name: 'documents', description: '审批结果文书名称，以“、”分隔（过长时缩略）', elastic: true },
  reason: { name: 'reason', description: '原因（过长时缩略）', elastic: true },
  date: { name: 'date', description: '日期，如2026年11月26日', elastic: false, maxLength: DATE_MAX },
  dueDate: { name: 'dueDate', description: '承诺办结日期或答复期限，如2026年12月1日', elastic: false, maxLength: DATE_MAX },
  rating: {
    name: 'rating',
    description: '好差评邀请：评价链接及“回复1-5评价”的说明（未开启评价邀请时为空）',
    elastic: false,
    maxLength: RATING_INVITATION_MAX,
  },
} satisfies Record<string, TemplateVariable>;

const more = { name: 'more', description: '超过三项时的计数，如“等5项”（不足四项时为空）', elastic: false, maxLength: 6 } satisfies TemplateVariable;

/** `2026-11-26` → `2026年11月26日` (anything else is shown as given). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : isoDate;
}

/** The first three of a list, numbered, and "等N项" when there are more. */
function firstThree(list: string[]): { shown: string; more: string } {
  return { shown: list.slice(0, 3).map((p, i) => `${i + 1}.${p}`).join('；'), more: list.length > 3 ? `等${list.length}项` : '' };
}

const config = (ctx: TemplateContext) => ({ signature: ctx.signature, hallName: ctx.hallName, hallPhone: ctx.hallPhone });

const sampleCaseNo = '411523-2026-000001';
const sampleRatingUrl = 'http://localhost:3000/r/q3J9xY2mN8vB4kL1';

/* ---------- the catalogue ---------- */

export const TEMPLATE_CATALOGUE: { readonly [T in MessageTemplate]: TemplateSpec<T> } = {
  /** 受理: the case number and how to follow the case */
  CASE_ACCEPTED: {
    code: 'CASE_ACCEPTED',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.name, v.project, { name: 'items', description: '受理的事项个数', elastic: false, maxLength: 3 }, v.date, v.caseNo, v.hallPhone],
    defaultBody: '【{signature}】{name}您好，您申请的“{project}”{items}个事项已于{date}受理，办件编号{caseNo}。可凭办件编号和手机号后四位电话查询进度（{hallPhone}）。',
    sample: { name: '新县城投建设有限公司', project: '城北安置小区', items: 2, date: '2026-11-26', caseNo: sampleCaseNo },
    values: (ctx, d) => ({ ...config(ctx), name: d.name, project: d.project, items: String(d.items), date: chineseDate(d.date), caseNo: d.caseNo }),
  },
  /** 出件: results ready at the window, or by free EMS */
  RESULT_READY: {
    code: 'RESULT_READY',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.name, v.caseNo, v.documents, v.hallName, v.hallPhone, v.rating],
    defaultBody: '【{signature}】{name}您好，您的办件{caseNo}审批结果（{documents}）已办结，请携带身份证件到{hallName}统一出件窗口领取，或申请EMS免费寄递。咨询电话{hallPhone}。{rating}',
    sample: { name: '张三', caseNo: sampleCaseNo, documents: ['建设用地规划许可证', '核准批复'], ratingUrl: sampleRatingUrl },
    values: (ctx, d) => ({ ...config(ctx), name: d.name, caseNo: d.caseNo, documents: d.documents.join('、'), rating: ratingInvitation(d.ratingUrl) }),
  },
  /** 一次性告知 by SMS: the notice number and the first problems (the full list is on the written notice) */
  ONE_TIME_NOTICE: {
    code: 'ONE_TIME_NOTICE',
    audience: 'applicant',
    urgent: false,
    variables: [
      v.signature,
      v.name,
      { name: 'documentNo', description: '一次性告知书文号', elastic: false, maxLength: 30 },
      { name: 'problems', description: '需补正的前三项材料问题（过长时缩略）', elastic: true },
      more,
      v.hallPhone,
    ],
    defaultBody: '【{signature}】{name}您好，您的申请材料需补正（{documentNo}）：{problems}{more}，详见一次性告知书。请补齐后到综合窗口提交。咨询电话{hallPhone}。',
    sample: { name: '张三', documentNo: '新政服补告〔2026〕3号', problems: ['申请表', '营业执照', '规划图', '承诺书'] },
    values: (ctx, d) => {
      const { shown, more: m } = firstThree(d.problems);
      return { ...config(ctx), name: d.name, documentNo: d.documentNo, problems: shown, more: m };
    },
  },
  /** 排队提醒: the turn is near — urgent (the person is waiting in the hall now) */
  QUEUE_TURN_NEAR: {
    code: 'QUEUE_TURN_NEAR',
    audience: 'applicant',
    urgent: true,
    variables: [
      v.signature,
      { name: 'ticketNo', description: '排队号', elastic: false, maxLength: 10 },
      { name: 'area', description: '排队区域，如“（立项用地规划许可）”（未知区域为空）', elastic: false, maxLength: 12 },
      { name: 'ahead', description: '“您前面还有N位”或“下一位即将叫到您”', elastic: false, maxLength: 12 },
    ],
    defaultBody: '【{signature}】您的排队号{ticketNo}{area}{ahead}，请到大厅相应区域等候叫号，过号需重新取号。',
    sample: { ticketNo: 'A003', category: 'stage1', ahead: 2 },
    values: (ctx, d) => {
      const area = labelOf(QUEUE_CATEGORY_TEXT, d.category);
      return { ...config(ctx), ticketNo: d.ticketNo, area: area ? `（${area}）` : '', ahead: d.ahead === 0 ? '下一位即将叫到您' : `您前面还有${d.ahead}位` };
    },
  },
  /** 特殊程序: why and how long; the time does not count against the promised days */
  TASK_SUSPENDED: {
    code: 'TASK_SUSPENDED',
    audience: 'applicant',
    urgent: false,
    variables: [
      v.signature,
      v.caseNo,
      v.item,
      { name: 'procedure', description: '特殊程序名称，如联合踏勘、专家评审', elastic: false, maxLength: 4 },
      v.reason,
      { name: 'daysText', description: '“，预计N个工作日”（时长未知时为空）', elastic: false, maxLength: 11 },
      v.hallPhone,
    ],
    defaultBody: '【{signature}】您的办件{caseNo}中“{item}”需进行{procedure}（{reason}）{daysText}，该期间不计入审批时限。咨询电话{hallPhone}。',
    sample: { caseNo: sampleCaseNo, item: '建设用地规划许可证核发', procedure: 'site_inspection', reason: '需现场核实用地红线', days: 5 },
    values: (ctx, d) => ({
      ...config(ctx),
      caseNo: d.caseNo,
      item: d.item,
      procedure: procedureText(d.procedure),
      reason: d.reason,
      daysText: typeof d.days === 'number' ? `，预计${d.days}个工作日` : '',
    }),
  },
  /** 补齐补正: the first things to correct (the department's written request has all), and that the clock waits */
  CORRECTION_REQUESTED: {
    code: 'CORRECTION_REQUESTED',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.caseNo, v.item, { name: 'corrections', description: '需补正的前三项（过长时缩略）', elastic: true }, more, v.hallPhone],
    defaultBody: '【{signature}】您的办件{caseNo}中“{item}”需补齐补正：{corrections}{more}。请补齐后到综合窗口提交，补正期间审批时限暂停计算，收到补正材料后恢复。咨询电话{hallPhone}。',
    sample: { caseNo: sampleCaseNo, item: '施工许可', items: ['施工图审查合格书', '安全措施承诺书', '监理合同', '资金证明'] },
    values: (ctx, d) => {
      const { shown, more: m } = firstThree(d.items);
      return { ...config(ctx), caseNo: d.caseNo, item: d.item, corrections: shown, more: m };
    },
  },
  /** 电子监察 yellow card (little time left) or red card (overdue) */
  TASK_ALARM: {
    code: 'TASK_ALARM',
    audience: 'staff',
    urgent: true,
    variables: [
      { name: 'level', description: '预警级别：黄牌预警或红牌警告', elastic: false, maxLength: 4 },
      v.caseNo,
      v.item,
      { name: 'state', description: '“剩余N个工作日”或“已超期N个工作日”', elastic: false, maxLength: 14 },
      v.dueDate,
      { name: 'action', description: '“请抓紧办理”或“请立即办理并说明超期原因”', elastic: false, maxLength: 12 },
    ],
    defaultBody: `【${ALARM_SIGNATURE}】{level}：办件{caseNo}“{item}”{state}（承诺办结日期{dueDate}），{action}。`,
    sample: { level: 'red', caseNo: sampleCaseNo, item: '建设用地规划许可证核发', remainingWorkingDays: -3, dueDate: '2026-12-01' },
    values: (_ctx, d) => ({
      level: ALARM_LEVEL_TEXT[d.level],
      caseNo: d.caseNo,
      item: d.item,
      state: d.level === 'yellow' ? `剩余${d.remainingWorkingDays}个工作日` : `已超期${d.remainingWorkingDays < 0 ? `${-d.remainingWorkingDays}个工作日` : ''}`,
      dueDate: chineseDate(d.dueDate),
      action: d.level === 'yellow' ? '请抓紧办理' : '请立即办理并说明超期原因',
    }),
  },
  /** 不予许可: the reason, and the rights to reconsideration or litigation (never shortened) */
  TASK_REFUSED: {
    code: 'TASK_REFUSED',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.caseNo, v.item, v.reason, v.hallPhone],
    defaultBody: '【{signature}】您的办件{caseNo}“{item}”经审查不予许可，理由：{reason}。如不服，可自收到决定之日起六十日内申请行政复议，或六个月内提起行政诉讼。咨询电话{hallPhone}。',
    sample: { caseNo: sampleCaseNo, item: '建设用地规划许可证核发', reason: '选址不符合国土空间规划' },
    values: (ctx, d) => ({ ...config(ctx), caseNo: d.caseNo, item: d.item, reason: d.reason }),
  },
  /** 期限调整: why, and each item's new promised date (still 暂定 if it counts days of a year not yet announced) */
  DEADLINE_MOVED: {
    code: 'DEADLINE_MOVED',
    audience: 'applicant',
    urgent: false,
    variables: [
      v.signature,
      v.caseNo,
      v.reason,
      { name: 'moves', description: '各事项及其新的承诺办结日期，以“；”分隔（事项名称过长时缩略，日期不缩略）', elastic: true, worstLength: MIN_MOVE },
      v.hallPhone,
    ],
    defaultBody: '【{signature}】您的办件{caseNo}因{reason}，承诺办结日期调整为：{moves}。咨询电话{hallPhone}。',
    sample: {
      caseNo: sampleCaseNo,
      reason: '国务院办公厅公布2027年节假日安排',
      moves: [
        { item: '建设用地规划许可证核发', to: '2027-01-15', provisional: false },
        { item: '企业投资项目核准', to: '2027-03-02', provisional: true },
      ],
    },
    values: (ctx, d) => ({
      ...config(ctx),
      caseNo: d.caseNo,
      reason: d.reason,
      moves: d.moves.flatMap((m, i): Piece[] => [{ elastic: m.item }, `${chineseDate(m.to)}${m.provisional ? `（${PROVISIONAL_TEXT}）` : ''}${i < d.moves.length - 1 ? '；' : ''}`]),
    }),
  },
  /** 寄递: sent by free EMS, with the waybill number to follow it (never shortened) */
  RESULT_MAILED: {
    code: 'RESULT_MAILED',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.name, v.caseNo, v.documents, { name: 'trackingNo', description: '邮件号（EMS运单号）', elastic: false, maxLength: 20 }, v.hallPhone, v.rating],
    defaultBody: '【{signature}】{name}您好，您的办件{caseNo}审批结果（{documents}）已通过EMS免费寄出，邮件号{trackingNo}（11183可查）。咨询电话{hallPhone}。{rating}',
    sample: { name: '张三', caseNo: sampleCaseNo, trackingNo: 'EA123456789CN', documents: ['建设用地规划许可证'], ratingUrl: sampleRatingUrl },
    values: (ctx, d) => ({ ...config(ctx), name: d.name, caseNo: d.caseNo, documents: d.documents.join('、'), trackingNo: d.trackingNo, rating: ratingInvitation(d.ratingUrl) }),
  },
  /** 领证提醒: once, after the results have waited at the desk for the configured working days */
  PICKUP_REMINDER: {
    code: 'PICKUP_REMINDER',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.name, v.caseNo, v.documents, v.hallName, { name: 'days', description: '已等候领取的工作日数', elastic: false, maxLength: 3 }, v.hallPhone],
    defaultBody:
      '【{signature}】{name}您好，您的办件{caseNo}审批结果（{documents}）已在{hallName}统一出件窗口等候领取{days}个工作日，请携带身份证件前来窗口领取，或申请EMS免费寄递。咨询电话{hallPhone}。',
    sample: { name: '张三', caseNo: sampleCaseNo, documents: ['核准批复'], days: 5 },
    values: (ctx, d) => ({ ...config(ctx), name: d.name, caseNo: d.caseNo, documents: d.documents.join('、'), days: String(d.days) }),
  },
  /** 撤销/撤回: never shortened are the numbers, the date and the rights */
  DOCUMENT_REVOKED: {
    code: 'DOCUMENT_REVOKED',
    audience: 'applicant',
    urgent: false,
    variables: [
      v.signature,
      v.caseNo,
      { name: 'document', description: '文书名称（过长时缩略）', elastic: true },
      { name: 'no', description: '文书编号，如地字第411523202600003号', elastic: false, maxLength: DOC_NO_MAX },
      v.date,
      { name: 'standing', description: '“被依法撤销”或“被依法撤回”', elastic: false, maxLength: 5 },
      v.reason,
      { name: 'legalBasis', description: '“；依据：…”（无依据时为空，过长时缩略）', elastic: true, worstLength: 9 },
      v.hallPhone,
    ],
    defaultBody:
      '【{signature}】您的办件{caseNo}“{document}”（{no}）已于{date}{standing}，理由：{reason}{legalBasis}。如不服，可自收到之日起六十日内申请行政复议，或六个月内提起行政诉讼。咨询电话{hallPhone}。',
    sample: { caseNo: sampleCaseNo, document: '建设用地规划许可证', no: '地字第411523202600003号', standing: 'revoked', date: '2027-01-12', reason: '以欺骗手段取得许可', legalBasis: '《中华人民共和国行政许可法》第六十九条第二款' },
    values: (ctx, d) => ({
      ...config(ctx),
      caseNo: d.caseNo,
      document: d.document,
      no: d.no,
      date: chineseDate(d.date),
      standing: d.standing === 'revoked' ? '被依法撤销' : '被依法撤回',
      reason: d.reason,
      legalBasis: d.legalBasis ? ['；依据：', { elastic: d.legalBasis }] : '',
    }),
  },
  /** 更正: the new number; the old document is exchanged at the window */
  DOCUMENT_CORRECTED: {
    code: 'DOCUMENT_CORRECTED',
    audience: 'applicant',
    urgent: false,
    variables: [
      v.signature,
      v.caseNo,
      { name: 'document', description: '文书名称（过长时缩略）', elastic: true },
      { name: 'no', description: '原文书编号', elastic: false, maxLength: DOC_NO_MAX },
      v.reason,
      { name: 'newNo', description: '更正后文书编号', elastic: false, maxLength: DOC_NO_MAX },
      v.hallName,
      v.hallPhone,
    ],
    defaultBody: '【{signature}】您的办件{caseNo}“{document}”（{no}）因{reason}已更正，更正后文书编号{newNo}。请携带原文书到{hallName}统一出件窗口换领，或申请EMS免费寄递。咨询电话{hallPhone}。',
    sample: { caseNo: sampleCaseNo, document: '建设项目用地预审与选址意见书', no: '用字第411523202600001号', newNo: '用字第411523202600002号', reason: '项目名称笔误' },
    values: (ctx, d) => ({ ...config(ctx), caseNo: d.caseNo, document: d.document, no: d.no, reason: d.reason, newNo: d.newNo }),
  },
  /** 电子监察, Art. 32: to the supervisors and the clerk who received the application */
  DEEMED_ACCEPTANCE_ALARM: {
    code: 'DEEMED_ACCEPTANCE_ALARM',
    audience: 'staff',
    urgent: true,
    variables: [
      v.project,
      { name: 'receivedDate', description: '收到申请材料的日期', elastic: false, maxLength: DATE_MAX },
      { name: 'workingDays', description: '法定告知期限（工作日数）', elastic: false, maxLength: 2 },
      v.dueDate,
    ],
    defaultBody: `【${ALARM_SIGNATURE}】红牌警告：申请“{project}”自{receivedDate}收到材料起{workingDays}个工作日内（至{dueDate}）未一次性告知也未作出决定，依法视为受理，请立即核实处理。`,
    sample: { project: '城北安置小区', receivedDate: '2026-11-19', dueDate: '2026-11-25', workingDays: 5 },
    values: (_ctx, d) => ({ project: d.project, receivedDate: chineseDate(d.receivedDate), workingDays: String(d.workingDays), dueDate: chineseDate(d.dueDate) }),
  },
  /** 差评整改 预警: the call-back or rectification of a bad review nearly due / overdue */
  RECTIFICATION_ALARM: {
    code: 'RECTIFICATION_ALARM',
    audience: 'staff',
    urgent: true,
    variables: [{ name: 'level', description: '预警级别：黄牌预警或红牌警告', elastic: false, maxLength: 4 }, v.caseNo, { name: 'state', description: '“即将到期”或“已超期”', elastic: false, maxLength: 4 }, v.dueDate],
    defaultBody: `【${ALARM_SIGNATURE}】{level}：办件{caseNo}的差评整改{state}（期限{dueDate}），请立即回访核实并整改。`,
    sample: { level: 'red', caseNo: sampleCaseNo, dueDate: '2026-12-01' },
    values: (_ctx, d) => ({ level: ALARM_LEVEL_TEXT[d.level], caseNo: d.caseNo, state: d.level === 'yellow' ? '即将到期' : '已超期', dueDate: chineseDate(d.dueDate) }),
  },
  /** 差评整改 结果告知: what became of the applicant's bad review */
  RECTIFICATION_OUTCOME: {
    code: 'RECTIFICATION_OUTCOME',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, v.caseNo, { name: 'outcome', description: '处理结果：已整改、经核实无法整改或经复核为无效评价', elastic: false, maxLength: 24 }, v.hallPhone],
    defaultBody: '【{signature}】您对办件{caseNo}的评价已处理完毕：{outcome}。感谢您的监督，如有疑问请致电{hallPhone}。',
    sample: { caseNo: sampleCaseNo, status: 'rectified' },
    values: (ctx, d) => ({
      ...config(ctx),
      caseNo: d.caseNo,
      outcome: d.status === 'rectified' ? '反映的问题已整改' : d.status === 'cannot_rectify' ? '经核实暂无法整改，已向您说明原因' : '经复核认定为无效评价',
    }),
  },
  /** 申请人查询本人办件: the one-time code, sent at once even in quiet hours (the applicant is waiting for it) */
  PORTAL_CODE: {
    code: 'PORTAL_CODE',
    audience: 'applicant',
    urgent: true,
    variables: [
      v.signature,
      { name: 'code', description: '6位验证码', elastic: false, maxLength: 6 },
      { name: 'minutes', description: '验证码有效分钟数', elastic: false, maxLength: 2 },
    ],
    defaultBody: '【{signature}】您查询办件的验证码为{code}，{minutes}分钟内有效。如非本人操作请忽略，切勿将验证码告诉他人。',
    sample: { code: '123456', minutes: 5 },
    values: (ctx, d) => ({ ...config(ctx), code: d.code, minutes: String(d.minutes) }),
  },
  /** 电子监察: a complaint past its answer deadline, to its handler and the supervisors */
  COMPLAINT_OVERDUE_ALARM: {
    code: 'COMPLAINT_OVERDUE_ALARM',
    audience: 'staff',
    urgent: true,
    variables: [{ name: 'topic', description: '投诉事由（过长时缩略）', elastic: true }, v.dueDate],
    defaultBody: `【${ALARM_SIGNATURE}】红牌警告：投诉“{topic}”应于{dueDate}前答复，现已超期未办结，请立即处理并答复投诉人。`,
    sample: { topic: '窗口工作人员态度生硬', dueDate: '2026-12-03' },
    values: (_ctx, d) => ({ topic: d.topic, dueDate: chineseDate(d.dueDate) }),
  },
  /** 电子监察: a complaint still unanswered on its last day, to its handler, the department's heads and the supervisors */
  COMPLAINT_DUE_ALARM: {
    code: 'COMPLAINT_DUE_ALARM',
    audience: 'staff',
    urgent: true,
    variables: [{ name: 'topic', description: '投诉事由（过长时缩略）', elastic: true }, v.dueDate],
    defaultBody: `【${ALARM_SIGNATURE}】黄牌提醒：投诉“{topic}”今日（{dueDate}）为答复期限，尚未答复，请及时处理并答复投诉人。`,
    sample: { topic: '窗口工作人员态度生硬', dueDate: '2026-12-03' },
    values: (_ctx, d) => ({ topic: d.topic, dueDate: chineseDate(d.dueDate) }),
  },
  /** 投诉: the complainant told that the responsible department has answered */
  COMPLAINT_REPLIED: {
    code: 'COMPLAINT_REPLIED',
    audience: 'applicant',
    urgent: false,
    variables: [v.signature, { name: 'topic', description: '投诉事由（过长时缩略）', elastic: true }, { name: 'department', description: '责任部门', elastic: false, maxLength: 20 }, v.hallPhone],
    defaultBody: '【{signature}】您好，您反映的“{topic}”已由{department}办理答复，如对答复不满意可致电{hallPhone}。',
    sample: { topic: '窗口办理超时', department: 'ZRZY' },
    values: (ctx, d) => ({ ...config(ctx), topic: d.topic, department: d.department }),
  },
};

// every applicant template may use the hall's configured words ({signature}, {hallName}, {hallPhone})
for (const spec of Object.values(TEMPLATE_CATALOGUE) as TemplateSpec[]) {
  if (spec.audience !== 'applicant') continue;
  for (const c of [v.signature, v.hallName, v.hallPhone]) if (!spec.variables.some((x) => x.name === c.name)) spec.variables.push(c);
}

export function templateSpec<T extends MessageTemplate>(code: T): TemplateSpec<T> {
  return TEMPLATE_CATALOGUE[code] as TemplateSpec<T>;
}
