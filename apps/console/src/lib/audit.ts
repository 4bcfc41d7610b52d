/** The audit page's pure logic: the filter form → the query of GET /api/v1/audit, and the Chinese labels. */

export interface AuditFilter {
  /** days `YYYY-MM-DD` (China time), inclusive */
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  objectId?: string;
  /** `ok`, an error code, or empty for all */
  outcome?: string;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  objectId?: string;
  outcome?: string;
  limit: number;
  cursor?: string;
}

/** The query of one page: blank fields left out, the rest trimmed; `cursor` is the `nextCursor` of the page before. */
export function auditQuery(f: AuditFilter, cursor?: string, limit = 50): AuditQuery {
  const q: AuditQuery = { limit };
  for (const key of ['from', 'to', 'actor', 'action', 'objectId', 'outcome'] as const) {
    const v = f[key]?.trim();
    if (v) q[key] = v;
  }
  if (cursor) q.cursor = cursor;
  return q;
}

/** What is wrong with the filter before asking (the API checks the same). */
export function auditFilterProblems(f: AuditFilter): string[] {
  const problems: string[] = [];
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (f.from && !day.test(f.from)) problems.push('起始日期格式应为 2026-11-26');
  if (f.to && !day.test(f.to)) problems.push('截止日期格式应为 2026-11-26');
  if (f.from && f.to && day.test(f.from) && day.test(f.to) && f.from > f.to) problems.push('起始日期不能晚于截止日期');
  return problems;
}

/** `ok` → 成功; an error code stays as the API gave it, marked as a failure. */
export function outcomeText(outcome: string): string {
  return outcome === 'ok' ? '成功' : `失败：${outcome}`;
}

/** An instant as China time: `2026-12-07T04:16:54Z` → `2026年12月7日 12:16:54` (UTC+8, whatever the browser's zone). */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export type ProviderState = 'up' | 'cooling_down' | 'probing';

const PROVIDER_STATES: Record<ProviderState, { text: string; color: 'success' | 'warning' | 'processing' }> = {
  up: { text: '正常', color: 'success' },
  cooling_down: { text: '冷却中', color: 'warning' },
  probing: { text: '探测中', color: 'processing' },
};

/** A provider's state in Chinese with its tag colour. */
export function providerStateText(state: string): { text: string; color: 'success' | 'warning' | 'processing' | 'default' } {
  return PROVIDER_STATES[state as ProviderState] ?? { text: state, color: 'default' };
}

const OUTCOMES: [string, string][] = [
  ['delivered', '已送达'],
  ['sending', '发送中'],
  ['temporary_failure', '暂时失败'],
  ['permanent_failure', '永久失败'],
  ['unknown', '未知'],
];

/** The counts of tries by outcome, in Chinese: `已送达 12，暂时失败 1` (zeros left out; `暂无发送` when none). */
export function providerCountsText(counts: Partial<Record<string, number>> | undefined): string {
  const parts = OUTCOMES.filter(([k]) => (counts?.[k] ?? 0) > 0).map(([k, label]) => `${label} ${counts?.[k]}`);
  return parts.length ? parts.join('，') : '暂无发送';
}

const DETAIL_NAMES: Record<string, string> = {
  connected: '已连接',
  bound: '已绑定',
  outstanding: '待应答',
  reconnects: '重连次数',
  lastError: '最近错误',
};

/** The provider's own connection state (SMPP) in Chinese: `已连接：是，已绑定：是，待应答：0，重连次数：1`. */
export function providerDetailsText(details: Record<string, string | number | boolean> | undefined): string {
  if (!details || Object.keys(details).length === 0) return '—';
  return Object.entries(details)
    .map(([k, v]) => `${DETAIL_NAMES[k] ?? k}：${typeof v === 'boolean' ? (v ? '是' : '否') : String(v)}`)
    .join('，');
}

/** The channel of a provider in Chinese. */
export function channelText(channel: string): string {
  return channel === 'sms' ? '短信' : channel === 'wechat' ? '微信' : channel;
}
