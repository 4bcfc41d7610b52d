/** The provincial platforms' page (省级平台对接): the words a supervisor reads. */
import type { ExchangeCounterpart, ReconciliationReport } from '../api/views';

export const COUNTERPART_TEXT: Record<ExchangeCounterpart, string> = { zwfw: '省政务服务网', gcjs: '省工程建设项目审批管理系统', dzjc: '电子监察系统' };

export const MILESTONE_TEXT: Record<string, string> = {
  accepted: '受理',
  suspended: '暂停计时',
  resumed: '恢复计时',
  item_decided: '部门审批决定',
  decided: '办结',
  issued: '出证',
  handed_over: '领证',
  alarm_raised: '预警',
  alarm_cleared: '消警',
};

export const PUSH_STATUS_TEXT: Record<string, string> = { pending: '待报送', pushed: '已报送', rejected: '被拒绝' };
export const PROJECT_CHECK_TEXT: Record<string, string> = { found: '已核验', unknown: '平台未登记', unavailable: '待核验' };
export const INBOUND_STATUS_TEXT: Record<string, string> = { pending: '待转入', forwarded: '已转入', refused: '未能转入' };
export const INBOUND_KIND_TEXT: Record<string, string> = { applications: '网上申报', complaints: '投诉', ratings: '好差评' };

type InboundItem = { kind: string; applicationId?: string; complaintId?: string; evaluationId?: string };

/** what a forwarded item became here, as the page says it */
export function inboundResult(i: InboundItem): string {
  if (i.applicationId) return `网上申报 ${i.applicationId}`;
  if (i.complaintId) return `投诉 ${i.complaintId}`;
  if (i.evaluationId) return `评价 ${i.evaluationId}`;
  return '—';
}

/** the province's own number of an item (`zwfw:<id>`, `zwfw:<kind>:<id>`) */
export function provinceItemNo(id: string): string {
  return id.replace(/^zwfw:(?:complaints:|ratings:)?/, '');
}

/** who ran a reconciliation, as the page says it */
export function reconciledBy(ranBy: string): string {
  return ranBy === 'daily' ? '每日自动对账' : ranBy;
}

/** one line per platform of a reconciliation, as the page shows it */
export function reconciliationLines(report: ReconciliationReport): string[] {
  return report.counterparts.map((c) => {
    const name = COUNTERPART_TEXT[c.counterpart];
    if (!c.enabled) return `${name}：未接入，未对账`;
    if (c.error) return `${name}：暂时无法对账（${c.error}）`;
    const parts = [`我方已报送${c.pushed}条，平台已有${c.atProvince}条`];
    parts.push(c.requeued.length ? `平台缺少${c.requeued.length}条，已重新报送` : '没有缺漏');
    if (c.unknownAtUs.length) parts.push(`平台多出${c.unknownAtUs.length}条，请核查`);
    return `${name}：${parts.join('；')}`;
  });
}
