/**
 * Error codes shared by every service and the gateway. Callers switch on `code`; people read `message`.
 * Never rename a code: hall terminals and department systems match on them.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  COLLECTOR_NOT_AUTHORISED: 403,
  NOT_FOUND: 404,
  GONE: 410,
  CONFLICT: 409,
  ALREADY_DECIDED: 409,
  ALREADY_REJECTED: 409,
  ALREADY_COLLECTED: 409,
  ALREADY_RATED: 409,
  INVALID_STATE: 409,
  MATERIALS_INCOMPLETE: 409,
  NOTICE_ALREADY_ISSUED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  CALENDAR_OUT_OF_RANGE: 422,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  /** 电子材料: a file over the per-file limit, or an application over its total */
  PAYLOAD_TOO_LARGE: 413,
  /** 电子材料: the content is not PDF, JPG or PNG, or not what its name says */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** the applicant's one-time SMS code is wrong, expired or spent */
  CODE_INVALID: 401,
  LOGIN_THROTTLED: 429,
  NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorDetail {
  field?: string;
  problem: string;
  [key: string]: unknown;
}

/** The wire form of an error, over HTTP (`{error: ErrorBody}`) and NATS (the RPC `err`). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
  /** set when `details` was cut short (at most 50 are listed): how many problems there were in all */
  detailsTotal?: number;
}

/** A failure a caller can act on. Thrown by use cases; transports map it (HTTP status, RPC error). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly detailsTotal?: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], detailsTotal?: number) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    if (detailsTotal !== undefined) this.detailsTotal = detailsTotal;
  }

  get status(): number {
    return ErrorCodes[this.code];
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details, ...(this.detailsTotal !== undefined ? { detailsTotal: this.detailsTotal } : {}) };
  }

  static isErrorBody(value: unknown): value is ErrorBody {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Record<string, unknown>;
    return typeof v['code'] === 'string' && v['code'] in ErrorCodes && typeof v['message'] === 'string';
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, Array.isArray(body.details) ? body.details : [], typeof body.detailsTotal === 'number' ? body.detailsTotal : undefined);
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
}
