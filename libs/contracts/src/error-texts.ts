import type { ErrorCode } from './errors.js';

/** What a clerk or an applicant reads on a terminal for each error code (the `message` is for developers). */
export const ERROR_TEXTS_ZH: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请按提示逐项修改后重新提交',
  UNAUTHORIZED: '请先登录，或登录已过期',
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_DISABLED: '账号已停用',
  ACCOUNT_LOCKED: '账号已锁定，请联系管理员解锁',
  PASSWORD_CHANGE_REQUIRED: '请先修改管理员设置的初始密码',
  FORBIDDEN: '当前账号无权办理此项业务',
  GONE: '评价链接已失效（已使用或已过期），无法再次评价',
  COLLECTOR_NOT_AUTHORISED: '领取人不是申请人本人、登记的法定代表人或联系人，也未在窗口登记有效的授权委托，不能领取（原因见明细）',
  NOT_FOUND: '未找到相应记录',
  CONFLICT: '该记录已被他人处理或状态已变化，请刷新后重试',
  ALREADY_DECIDED: '该事项已作出审批决定，不能重复决定',
  ALREADY_REJECTED: '该申请已作出不予受理决定，不能以其他理由再次作出；如需更正请按更正程序办理',
  ALREADY_COLLECTED: '该证照已领取或已寄递',
  ALREADY_RATED: '该办件已评价，每个办件只能评价一次',
  INVALID_STATE: '当前状态下不能进行此项操作',
  MATERIALS_INCOMPLETE: '申请材料不齐全，不能受理，请出具一次性告知书',
  NOTICE_ALREADY_ISSUED: '本次申请已出具一次性告知书，申请人补正材料后方可再次审查告知',
  IDEMPOTENCY_KEY_REUSED: '重复提交的请求与首次内容不一致',
  CALENDAR_OUT_OF_RANGE: '工作日历尚未载入该年度，请联系管理员载入后再试',
  UNPROCESSABLE: '请求无法处理',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '文件过大，超过了允许的大小',
  UNSUPPORTED_MEDIA_TYPE: '文件格式不符合要求，只接受PDF、JPG、PNG格式的文件',
  CODE_INVALID: '验证码错误或已过期，请重新获取验证码',
  LOGIN_THROTTLED: '登录失败次数过多，请稍后再试',
  NOT_IMPLEMENTED: '该功能尚未开放',
  SERVICE_UNAVAILABLE: '系统服务暂时不可用，请稍后重试',
  INTERNAL: '系统内部错误，请联系管理员',
};

/**
 * The Chinese text of an error body: the code's text, or for a refused login with a known wait
 * (`details[].retryAfterSeconds`) "登录失败次数过多，请X秒后再试", or for a queue action outside the caller's window
 * (`details[].scope === 'window'`) which window the account may act for, or for a change of the hall's configuration
 * that running business forbids (`details[].scope === 'hall'`: a window with tickets waiting, a department with
 * active items) the first reason, already in Chinese.
 */
export function errorTextZh(body: { code: ErrorCode; details?: { [key: string]: unknown }[] }): string {
  if (body.code === 'LOGIN_THROTTLED') {
    const seconds = retryAfterSeconds(body);
    if (seconds !== undefined) return `登录失败次数过多，请${seconds}秒后再试`;
  }
  if (body.code === 'FORBIDDEN') {
    const scope = (body.details ?? []).find((x) => x['scope'] === 'window');
    if (scope) {
      return typeof scope['window'] === 'string'
        ? `当前账号只能为本窗口（${scope['window']}）叫号、重呼、过号和转移排队号，不能办理其他窗口的排队号`
        : '当前账号未绑定窗口，不能叫号、重呼、过号或转移排队号，请联系管理员为账号设置窗口';
    }
  }
  // a service that explains a refusal in the hall's words (a catalogue change that would break running applications,
  // an acceptance waiting for the department's 审查) says it in `details[].problemZh`
  const own = (body.details ?? []).map((x) => x['problemZh']).filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (own.length > 0 && body.code !== 'VALIDATION_FAILED') return own.join('；');
  if (body.code === 'INVALID_STATE') {
    const hall = (body.details ?? []).find((x) => x['scope'] === 'hall' && typeof x['problem'] === 'string');
    if (hall) return hall['problem'] as string;
  }
  return ERROR_TEXTS_ZH[body.code] ?? ERROR_TEXTS_ZH.INTERNAL;
}

/** The seconds to wait a refused request names in its details, if any. */
export function retryAfterSeconds(body: { details?: { [key: string]: unknown }[] }): number | undefined {
  const d = (body.details ?? []).find((x) => typeof x['retryAfterSeconds'] === 'number');
  return d ? (d['retryAfterSeconds'] as number) : undefined;
}
