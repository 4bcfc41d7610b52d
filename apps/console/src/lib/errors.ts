/** The gateway's error shape (docs/contract/gateway-v1.md): every problem listed, a Chinese message for people. */
export interface ErrorBody {
  error?: { code?: string; message?: string; messageZh?: string; details?: { field?: string; problem?: string; problemZh?: string }[] };
}

const BY_STATUS: Record<number, string> = {
  401: '登录已失效，请重新登录',
  403: '无权办理此项业务',
  404: '未找到',
  429: '操作过于频繁，请稍后再试',
  502: '服务暂时不可用，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
  504: '服务响应超时，请稍后再试',
};

/** What to show for an error answer: the API's Chinese message as it came, and each problem it listed. */
export function errorText(body: ErrorBody | undefined, status: number): { code: string; message: string; problems: string[] } {
  const e = body?.error;
  const problems = (e?.details ?? []).map((d) => d.problemZh ?? d.problem ?? '').filter((p) => p.length > 0);
  const message = e?.messageZh ?? (e?.message && /[\u4e00-\u9fff]/.test(e.message) ? e.message : undefined) ?? BY_STATUS[status] ?? `请求未成功（${status}）`;
  return { code: e?.code ?? `HTTP_${status}`, message, problems };
}
