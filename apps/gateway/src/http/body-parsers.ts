import type { NestExpressApplication } from '@nestjs/platform-express';
import { boundDetails, inspectInput, jsonDepth, MAX_INPUT_DEPTH, type InspectOptions } from '@yichuang/platform';
import type { ErrorDetail } from '@yichuang/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * The largest JSON body per route (first match wins; paths below `/api`). The default stays at 1 MB, which also
 * holds the largest legitimate body (a collection with its signature image, `SIGNATURE_IMAGE_MAX_BASE64` = 700 KB,
 * and an application with 200 materials); public routes that need a few fields get far less.
 */
export const JSON_BODY_LIMITS: readonly { path: RegExp; limit: string }[] = [
  { path: /^\/api\/v1\/auth\/login$/, limit: '32kb' },
  { path: /^\/api\/v1\/queue\/tickets$/, limit: '32kb' },
  { path: /^\/api\/v1\/(portal|public)\//, limit: '64kb' },
  { path: /^\/api\/v1\/callbacks\//, limit: '256kb' },
];
export const DEFAULT_JSON_LIMIT = '1mb';
const XML_LIMIT = '256kb';

/** A refused request body or query: a 4xx in the contract's shape, with a Chinese text for the hall. */
export class InputRefused extends Error {
  readonly expose = true;
  readonly statusCode: number;
  readonly status: number;
  constructor(
    message: string,
    readonly details: ErrorDetail[],
    readonly messageZh: string,
    status = 400,
    readonly detailsTotal?: number,
  ) {
    super(message);
    this.name = 'InputRefused';
    this.status = status;
    this.statusCode = status;
  }
}

export const ZH = {
  tooDeep: `提交的内容嵌套层级过多（最多 ${MAX_INPUT_DEPTH} 层），请检查后重新提交`,
  tooLarge: '提交的内容过大，超过了该接口允许的大小',
  invalid: '提交的内容含有不允许的字符或字段，请按提示修改后重新提交',
  query: '查询参数有误：每个参数只能出现一次且不能为空',
} as const;

function refused(problems: ErrorDetail[], zh: string): InputRefused {
  const b = boundDetails(problems);
  return new InputRefused(`${problems.length} problem(s) in the request`, b.details, zh, 400, b.detailsTotal);
}

/** The first problem of a query: a repeated (`days=1&days=2`), empty (`days=`) or nested parameter, or a bad string. */
export function queryProblems(query: Record<string, unknown>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) problems.push({ field: key, problem: 'must be given once (repeated query parameter)', kind: 'repeated' });
    else if (value === '') problems.push({ field: key, problem: 'must not be empty', kind: 'empty' });
    else if (typeof value !== 'string') problems.push({ field: key, problem: 'must be a plain value', kind: 'nested' });
  }
  return [...problems, ...inspectInput(query, { maxDepth: 2 } satisfies InspectOptions)];
}

/**
 * The body parsers of the gateway (created with `rawBody: true`: each keeps the exact bytes in `req.rawBody` for
 * signed callbacks), and the input checks that run before any transformer: JSON up to the route's limit
 * (JSON_BODY_LIMITS, 413 beyond) and at most MAX_INPUT_DEPTH levels deep (counted over the bytes, before parsing);
 * XML up to 256 KB (WeChat's event pushes are `text/xml`; the provider parses them). Then every body and query is
 * checked for prototype keys, NUL and lone surrogates, and repeated or empty query parameters (400 naming the field).
 */
export function useBodyParsers(app: NestExpressApplication): void {
  const verify = (req: Request, _res: Response, buf: Buffer): void => {
    (req as Request & { rawBody?: Buffer }).rawBody = buf;
    if (jsonDepth(buf, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
      throw new InputRefused(`the JSON body is nested deeper than ${MAX_INPUT_DEPTH} levels`, [{ field: 'body', problem: `nested deeper than ${MAX_INPUT_DEPTH} levels`, kind: 'too_deep' }], ZH.tooDeep);
    }
  };
  const limits = [...new Set([DEFAULT_JSON_LIMIT, ...JSON_BODY_LIMITS.map((l) => l.limit)])];
  const parsers = new Map(limits.map((limit) => [limit, express.json({ limit, verify })]));
  // named `jsonParser` so Nest does not add its own default JSON parser in front of this one
  const jsonParser = (req: Request, res: Response, next: NextFunction): void => {
    const limit = JSON_BODY_LIMITS.find((l) => l.path.test(req.path))?.limit ?? DEFAULT_JSON_LIMIT;
    (parsers.get(limit) as express.RequestHandler)(req, res, next);
  };
  app.use(jsonParser);
  // flat fields only (no `a[b][c]` objects); named so Nest does not add its extended parser after the checks
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });
  app.use(function urlencodedParser(req: Request, res: Response, next: NextFunction): void {
    form(req, res, next);
  });
  app.useBodyParser('text', { type: ['text/xml', 'application/xml'], limit: XML_LIMIT });
  app.use(function inputChecks(req: Request, _res: Response, next: NextFunction): void {
    const q = queryProblems(req.query as Record<string, unknown>);
    if (q.length > 0) return next(refused(q, ZH.query));
    if (req.body !== undefined && req.body !== null && (typeof req.body === 'object' || typeof req.body === 'string')) {
      const b = inspectInput(req.body);
      if (b.length > 0) return next(refused(b, ZH.invalid));
    }
    next();
  });
}
