import type { ErrorBody, ErrorDetail } from '@yichuang/contracts';

/**
 * Checks of untrusted input that run before any transformer (class-transformer, class-validator, TypeORM) sees it:
 * nesting depth, prototype keys, and strings PostgreSQL cannot store (U+0000, lone UTF-16 surrogates). Shared by the
 * gateway (HTTP bodies and queries) and the services (RPC payloads), so the same input is refused the same way.
 */

/** The deepest nesting of objects and arrays a JSON body may have. */
export const MAX_INPUT_DEPTH = 32;
/** The most problems an error answer lists; the rest are counted (`detailsTotal`, and a last detail saying so). */
export const MAX_ERROR_DETAILS = 50;
/** Keys that would reach an object's prototype when copied or transformed. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The nesting depth of a JSON text, counted over its bytes without parsing (strings skipped), so a
 * 10,000-deep body is refused before `JSON.parse` or any recursive transformer sees it. Stops counting once past `limit`.
 */
export function jsonDepth(buf: Uint8Array | string, limit = Number.POSITIVE_INFINITY): number {
  const bytes = typeof buf === 'string' ? Buffer.from(buf, 'utf8') : buf;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can. */
export function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (invalid Unicode)';
  return undefined;
}

export interface InspectOptions {
  /** the path of the value itself ('' for a body: fields are named `applicant.name`, `materials[0].code`) */
  root?: string;
  maxDepth?: number;
  /** stop after this many problems (the answer is bounded anyway) */
  maxProblems?: number;
}

const fieldOf = (prefix: string, key: string | number): string =>
  typeof key === 'number' ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;

/**
 * Every problem of a parsed value (a JSON body, a query, an RPC payload): too deep, a prototype key, a string with
 * NUL or a lone surrogate (in values and in keys). Iterative, so no input can overflow the stack here.
 */
export function inspectInput(value: unknown, opts: InspectOptions = {}): ErrorDetail[] {
  const maxDepth = opts.maxDepth ?? MAX_INPUT_DEPTH;
  const maxProblems = opts.maxProblems ?? MAX_ERROR_DETAILS + 1;
  const problems: ErrorDetail[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: opts.root ?? '', depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0 && problems.length < maxProblems) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    const field = path || 'body';
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) problems.push({ field, problem: p, kind: 'invalid_string' });
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (depth >= maxDepth) {
      problems.push({ field, problem: `nested deeper than ${maxDepth} levels`, kind: 'too_deep' });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: fieldOf(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const child = fieldOf(path, key);
      if (PROTOTYPE_KEYS.has(key)) {
        problems.push({ field: child, problem: `the key "${key}" is not allowed`, kind: 'prototype_key' });
        continue;
      }
      const kp = stringProblem(key);
      if (kp) {
        problems.push({ field: fieldOf(path, JSON.stringify(key)), problem: `a key ${kp}`, kind: 'invalid_string' });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * Bound the details of an error answer: at most `max`, then one more detail saying how many were left out, and
 * `detailsTotal` with the full count. An answer must fit in a NATS message (1 MB by default) and stay readable;
 * each detail's strings are cut at 500 characters for the same reason.
 */
export function boundDetails(details: ErrorDetail[], max = MAX_ERROR_DETAILS): { details: ErrorDetail[]; detailsTotal?: number } {
  const cut = (d: ErrorDetail): ErrorDetail => {
    let changed = false;
    const out: ErrorDetail = { ...d };
    for (const [k, v] of Object.entries(d)) {
      if (typeof v === 'string' && v.length > 500) {
        out[k] = `${v.slice(0, 500)}…`;
        changed = true;
      }
    }
    return changed ? out : d;
  };
  if (details.length <= max) return { details: details.map(cut) };
  const more = details.length - max;
  return {
    details: [...details.slice(0, max).map(cut), { field: '…', problem: `and ${more} more problem(s)`, kind: 'more', more }],
    detailsTotal: details.length,
  };
}

/** An ErrorBody whose details are bounded (see boundDetails); the same object when it already is. */
export function boundErrorBody(body: ErrorBody, max = MAX_ERROR_DETAILS): ErrorBody {
  const details = Array.isArray(body.details) ? body.details : [];
  const message = typeof body.message === 'string' && body.message.length > 1000 ? `${body.message.slice(0, 1000)}…` : body.message;
  if (details.length <= max && message === body.message && !details.some((d) => Object.values(d).some((v) => typeof v === 'string' && v.length > 500))) return body;
  const bounded = boundDetails(details, max);
  return { ...body, message, details: bounded.details, ...(bounded.detailsTotal !== undefined ? { detailsTotal: bounded.detailsTotal } : {}) };
}
