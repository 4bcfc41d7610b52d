/** SMS templates (短信模板). Pure: rendered from data, Chinese for the applicant. */
export type TemplateId = 'CASE_ACCEPTED' | 'RESULT_READY' | 'ONE_TIME_NOTICE' | 'QUEUE_TURN_NEAR';

export interface TemplateContext {
  signature: string;
  hallPhone: string;
}

export function caseAcceptedSms(ctx: TemplateContext, d: { name: string; project: string; items: number; date: string; caseNo: string }): string {
  return `【${ctx.signature}】${d.name}您好，您申请的“${d.project}”${d.items}个事项已于${d.date}受理，办件编号${d.caseNo}。可凭办件编号和手机号后四位查询进度（${ctx.hallPhone}）。`;
}

export function resultReadySms(ctx: TemplateContext, d: { name: string; caseNo: string; documents: string[] }): string {
  return `【${ctx.signature}】${d.name}您好，您的办件${d.caseNo}审批结果（${d.documents.join('、')}）已办结，请携带身份证件到统一出件窗口领取，或申请EMS免费寄递。咨询电话${ctx.hallPhone}。`;
}

/** 一次性告知 by SMS: the notice number and what to bring (the full list is on the written notice). */
export function oneTimeNoticeSms(ctx: TemplateContext, d: { name: string; documentNo: string; problems: string[] }): string {
  const shown = d.problems.slice(0, 3).map((p, i) => `${i + 1}.${p}`).join('；');
  const more = d.problems.length > 3 ? `等${d.problems.length}项` : '';
  return `【${ctx.signature}】${d.name}您好，您的申请材料需补正（${d.documentNo}）：${shown}${more}，详见一次性告知书。请补齐后到综合窗口提交。咨询电话${ctx.hallPhone}。`;
}

const AREAS: Record<string, string> = { stage1: '立项用地规划许可', stage2: '工程建设许可', stage3: '施工许可', stage4: '竣工验收', consult: '咨询', pickup: '出件' };

/** 排队提醒: the turn is near. */
export function turnNearSms(ctx: TemplateContext, d: { ticketNo: string; category: string; ahead: number }): string {
  const ahead = d.ahead === 0 ? '下一位即将叫到您' : `您前面还有${d.ahead}位`;
  return `【${ctx.signature}】您的排队号${d.ticketNo}（${AREAS[d.category] ?? d.category}）${ahead}，请到大厅相应区域等候叫号，过号需重新取号。`;
}
