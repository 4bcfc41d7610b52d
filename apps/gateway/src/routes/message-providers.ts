import type { ProviderHealthView } from '@yichuang/contracts';

/** HH:mm China time of an instant */
function chinaClock(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);
}

/**
 * The hall's warnings about SMS (Chinese, for `GET /api/health`): every SMS provider cooling down (messages wait and
 * go once one is back), or only the development provider in production (nothing really leaves). Pure.
 */
export function messageProviderWarnings(providers: readonly ProviderHealthView[], nodeEnv: string): string[] {
  const sms = providers.filter((p) => p.channel === 'sms');
  const warnings: string[] = [];
  if (sms.length > 0 && sms.every((p) => p.state === 'cooling_down')) {
    const until = sms.map((p) => p.cooldownUntil).filter((x): x is string => typeof x === 'string').sort()[0];
    warnings.push(`短信通道全部不可用：${sms.map((p) => p.name).join('、')}连续发送失败，暂停使用${until ? `至${chinaClock(until)}` : ''}，短信将在恢复后补发`);
  }
  if (nodeEnv === 'production' && sms.length > 0 && sms.every((p) => p.name === 'dev')) warnings.push('未配置短信通道，短信不会真正发出');
  return warnings;
}

/** What the public health check shows of a provider: its state, not its errors or connection details (the administrator's route has those). */
export function publicProviderView(p: ProviderHealthView): Pick<ProviderHealthView, 'name' | 'channel' | 'priority' | 'state' | 'cooldownUntil' | 'lastSuccessAt' | 'instance'> {
  return {
    name: p.name,
    channel: p.channel,
    priority: p.priority,
    state: p.state,
    ...(p.cooldownUntil ? { cooldownUntil: p.cooldownUntil } : {}),
    ...(p.lastSuccessAt ? { lastSuccessAt: p.lastSuccessAt } : {}),
    ...(p.instance ? { instance: p.instance } : {}),
  };
}
