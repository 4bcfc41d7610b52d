/**
 * SMS templates (短信模板): every text the service sends, in one place. Pure: rendered from data, Chinese for
 * the applicant, never longer than SMS_MAX_CHARS (long names, project names and document lists are
 * shortened with "…"; the fixed wording, case numbers, dates and phone numbers never are). Data carries codes
 * (a procedure, a queue category, an alarm level); their names come from libs/domain's labels, the same
 * names the task's record, the case's timeline and the documents use.
 */
import type { MessageTemplate } from '@yichuang/contracts';
import {
  ALARM_LEVEL_TEXT,
  DELIVERY_METHOD_TEXT,
  DOCUMENT_KIND_TEXT,
  labelOf,
  OUTCOME_TEXT,
  procedureText,
  PROVISIONAL_TEXT,
  QUEUE_CATEGORY_TEXT,
  TASK_PAUSE_KIND_TEXT,
  type Procedure,
} from '@yichuang/domain';

export const SMS_MAX_CHARS = 200;

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
  RESULT_READY: { name: string; caseNo: string; documents: string[] };
  ONE_TIME_NOTICE: { name: string; documentNo: string; problems: string[] };
  /** `category`: a queue category code (`stage1`, `consult`, …) */
  QUEUE_TURN_NEAR: { ticketNo: string; category: string; ahead: number };
  /** 特殊程序: `procedure` is the code (named by PROCEDURE_TEXT; none: 特殊程序) */
  TASK_SUSPENDED: { caseNo: string; item: string; procedure?: Procedure; reason: string; days?: number };
  /** 补齐补正: what to bring */
  CORRECTION_REQUESTED: { caseNo: string; item: string; items: string[] };
  /** 电子监察 yellow/red card, to the department's staff */
  TASK_ALARM: { level: 'yellow' | 'red'; caseNo: string; item: string; remainingWorkingDays: number; dueDate: string };
  /** 不予许可: the reason and the applicant's rights */
  TASK_REFUSED: { caseNo: string; item: string; reason: string };
  /** the calendar changed (e.g. the year's holiday arrangement was published): the new promised dates */
  DEADLINE_MOVED: { caseNo: string; reason: string; moves: { item: string; to: string; provisional: boolean }[] };
  /** 寄递: the results are in the post, with the waybill number */
  RESULT_MAILED: { name: string; caseNo: string; trackingNo: string; documents: string[] };
  /** 领证提醒: the results have waited at the pick-up desk `days` working days */
  PICKUP_REMINDER: { name: string; caseNo: string; documents: string[]; days: number };
  /** 撤销 / 撤回: which document, when, why, on what basis, and the applicant's rights */
  DOCUMENT_REVOKED: { caseNo: string; document: string; no: string; standing: 'revoked' | 'withdrawn'; date: string; reason: string; legalBasis?: string };
  /** 更正: the corrected document's new number, and to exchange the old one */
  DOCUMENT_CORRECTED: { caseNo: string; document: string; no: string; newNo: string; reason: string };
}

/** The fixed signature of SMS to staff about alarms (not the hall's, so staff see at once what it is). */
export const ALARM_SIGNATURE = '电子监察';

/** A piece of text; an elastic one may be shortened to keep the SMS within the limit. */
type Part = string | { elastic: string };
const elastic = (text: string): Part => ({ elastic: text });

const TEMPLATES: { [T in MessageTemplate]: (ctx: TemplateContext, d: TemplateData[T]) => Part[] } = {
  /** 受理: the case number and how to follow the case */
  CASE_ACCEPTED: (ctx, d) => [
    `【${ctx.signature}】`,
    elastic(d.name),
    '您好，您申请的“',
    elastic(d.project),
    `”${d.items}个事项已于${chineseDate(d.date)}受理，办件编号${d.caseNo}。可凭办件编号和手机号后四位电话查询进度（${ctx.hallPhone}）。`,
  ],
  /** 出件: results ready at the window, or by free EMS */
  RESULT_READY: (ctx, d) => [
    `【${ctx.signature}】`,
    elastic(d.name),
    `您好，您的办件${d.caseNo}审批结果（`,
    elastic(d.documents.join('、')),
    `）已办结，请携带身份证件到${ctx.hallName}统一出件${DELIVERY_METHOD_TEXT.pickup}，或申请${DELIVERY_METHOD_TEXT.ems}。咨询电话${ctx.hallPhone}。`,
  ],
  /** 一次性告知 by SMS: the notice number and the first problems (the full list is on the written notice) */
  ONE_TIME_NOTICE: (ctx, d) => {
    const shown = d.problems.slice(0, 3).map((p, i) => `${i + 1}.${p}`).join('；');
    const more = d.problems.length > 3 ? `等${d.problems.length}项` : '';
    return [
      `【${ctx.signature}】`,
      elastic(d.name),
      `您好，您的申请材料需补正（${d.documentNo}）：`,
      elastic(shown),
      `${more}，详见${DOCUMENT_KIND_TEXT.one_time_notice}。请补齐后到综合窗口提交。咨询电话${ctx.hallPhone}。`,
    ];
  },
  /** 排队提醒: the turn is near */
  QUEUE_TURN_NEAR: (ctx, d) => {
    const ahead = d.ahead === 0 ? '下一位即将叫到您' : `您前面还有${d.ahead}位`;
    const area = labelOf(QUEUE_CATEGORY_TEXT, d.category);
    return [`【${ctx.signature}】您的排队号${d.ticketNo}${area ? `（${area}）` : ''}${ahead}，请到大厅相应区域等候叫号，过号需重新取号。`];
  },
  /** 特殊程序: why and how long; the time does not count against the promised days */
  TASK_SUSPENDED: (ctx, d) => [
    `【${ctx.signature}】您的办件${d.caseNo}中“`,
    elastic(d.item),
    `”需进行${procedureText(d.procedure)}（`,
    elastic(d.reason),
    `）${typeof d.days === 'number' ? `，预计${d.days}个工作日` : ''}，该期间不计入审批时限。咨询电话${ctx.hallPhone}。`,
  ],
  /** 补齐补正: the first things to correct (the department's written request has all), and that the clock waits */
  CORRECTION_REQUESTED: (ctx, d) => {
    const shown = d.items.slice(0, 3).map((p, i) => `${i + 1}.${p}`).join('；');
    const more = d.items.length > 3 ? `等${d.items.length}项` : '';
    return [
      `【${ctx.signature}】您的办件${d.caseNo}中“`,
      elastic(d.item),
      `”需${TASK_PAUSE_KIND_TEXT.correction}：`,
      elastic(shown),
      `${more}。请补齐后到综合窗口提交，补正期间审批时限暂停计算，收到补正材料后恢复。咨询电话${ctx.hallPhone}。`,
    ];
  },
  /** 不予许可: the reason, and the rights to reconsideration or litigation (never shortened) */
  TASK_REFUSED: (ctx, d) => [
    `【${ctx.signature}】您的办件${d.caseNo}“`,
    elastic(d.item),
    `”经审查${OUTCOME_TEXT.deny}，理由：`,
    elastic(d.reason),
    `。如不服，可自收到决定之日起六十日内申请行政复议，或六个月内提起行政诉讼。咨询电话${ctx.hallPhone}。`,
  ],
  /** 期限调整: why, and each item's new promised date (still 暂定 if it counts days of a year not yet announced) */
  /** 撤销/撤回: never shortened are the numbers, the date and the rights */
  DOCUMENT_REVOKED: (ctx, d) => [
    `【${ctx.signature}】您的办件${d.caseNo}“`,
    elastic(d.document),
    `”（${d.no}）已于${chineseDate(d.date)}${d.standing === 'revoked' ? '被依法撤销' : '被依法撤回'}，理由：`,
    elastic(d.reason),
    d.legalBasis ? '；依据：' : '',
    elastic(d.legalBasis ?? ''),
    `。如不服，可自收到之日起六十日内申请行政复议，或六个月内提起行政诉讼。咨询电话${ctx.hallPhone}。`,
  ],
  /** 更正: the new number; the old document is exchanged at the window */
  DOCUMENT_CORRECTED: (ctx, d) => [
    `【${ctx.signature}】您的办件${d.caseNo}“`,
    elastic(d.document),
    `”（${d.no}）因`,
    elastic(d.reason),
    `已更正，更正后文书编号${d.newNo}。请携带原文书到${ctx.hallName}统一出件窗口换领，或申请EMS免费寄递。咨询电话${ctx.hallPhone}。`,
  ],
  DEADLINE_MOVED: (ctx, d) => [
    `【${ctx.signature}】您的办件${d.caseNo}因`,
    elastic(d.reason),
    '，承诺办结日期调整为：',
    ...d.moves.flatMap((m, i) => [elastic(m.item), `${chineseDate(m.to)}${m.provisional ? `（${PROVISIONAL_TEXT}）` : ''}${i < d.moves.length - 1 ? '；' : ''}`]),
    `。咨询电话${ctx.hallPhone}。`,
  ],
  /** 寄递: sent by free EMS, with the waybill number to follow it (never shortened) */
  RESULT_MAILED: (ctx, d) => [
    `【${ctx.signature}】`,
    elastic(d.name),
    `您好，您的办件${d.caseNo}审批结果（`,
    elastic(d.documents.join('、')),
    `）已通过${DELIVERY_METHOD_TEXT.ems}寄出，邮件号${d.trackingNo}，可在中国邮政网站或客服电话11183查询。咨询电话${ctx.hallPhone}。`,
  ],
  /** 领证提醒: once, after the results have waited at the desk for the configured working days */
  PICKUP_REMINDER: (ctx, d) => [
    `【${ctx.signature}】`,
    elastic(d.name),
    `您好，您的办件${d.caseNo}审批结果（`,
    elastic(d.documents.join('、')),
    `）已在${ctx.hallName}统一出件窗口等候领取${d.days}个工作日，请携带身份证件前来${DELIVERY_METHOD_TEXT.pickup}，或申请${DELIVERY_METHOD_TEXT.ems}。咨询电话${ctx.hallPhone}。`,
  ],
  /** 电子监察 yellow card (little time left) or red card (overdue), to the department's reviewers and head */
  TASK_ALARM: (_ctx, d) =>
    d.level === 'yellow'
      ? [
          `【${ALARM_SIGNATURE}】${ALARM_LEVEL_TEXT.yellow}：办件${d.caseNo}“`,
          elastic(d.item),
          `”剩余${d.remainingWorkingDays}个工作日（承诺办结日期${chineseDate(d.dueDate)}），请抓紧办理。`,
        ]
      : [
          `【${ALARM_SIGNATURE}】${ALARM_LEVEL_TEXT.red}：办件${d.caseNo}“`,
          elastic(d.item),
          `”已超期${d.remainingWorkingDays < 0 ? `${-d.remainingWorkingDays}个工作日` : ''}（承诺办结日期${chineseDate(d.dueDate)}），请立即办理并说明超期原因。`,
        ],
};

/** Render one SMS. Pure and total: the same data always gives the same text, at most SMS_MAX_CHARS characters. */
export function renderSms<T extends MessageTemplate>(template: T, ctx: TemplateContext, data: TemplateData[T]): string {
  return fit(TEMPLATES[template](ctx, data), SMS_MAX_CHARS);
}

/** Length as a phone counts it: characters, not UTF-16 code units. */
export function smsLength(text: string): number {
  return Array.from(text).length;
}

/** `2026-11-26` → `2026年11月26日` (anything else is shown as given). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : isoDate;
}

const MIN_KEPT = 4;
const ELLIPSIS = '…';

/** Join the parts, shortening the longest elastic parts first until the text fits. */
function fit(parts: Part[], max: number): string {
  const texts = parts.map((p) => Array.from(typeof p === 'string' ? p : p.elastic));
  const isElastic = parts.map((p) => typeof p !== 'string');
  let over = texts.reduce((n, t) => n + t.length, 0) - max;
  while (over > 0) {
    let longest = -1;
    for (let i = 0; i < texts.length; i++) {
      const len = texts[i]?.length ?? 0;
      if (isElastic[i] && len > MIN_KEPT + 1 && (longest < 0 || len > (texts[longest]?.length ?? 0))) longest = i;
    }
    if (longest < 0) break;
    const t = texts[longest] ?? [];
    // cut to the overflow, but never below MIN_KEPT characters (+ the ellipsis)
    const keep = Math.max(MIN_KEPT, t.length - over - 1);
    texts[longest] = [...t.slice(0, keep), ELLIPSIS];
    over -= t.length - keep - 1;
  }
  const text = texts.map((t) => t.join('')).join('');
  // the fixed wording alone is too long (a template defect the unit test guards against): cut hard
  return over > 0 ? Array.from(text).slice(0, max - 1).join('') + ELLIPSIS : text;
}
