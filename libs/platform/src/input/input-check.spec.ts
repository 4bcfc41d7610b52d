import { describe, expect, it } from '@jest/globals';
import { boundDetails, boundErrorBody, inspectInput, jsonDepth, MAX_ERROR_DETAILS, stringProblem } from './input-check.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('input checks before any transformer', () => {
  it('counts JSON depth over the bytes, skipping strings and escapes, and stops past the limit', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{\\"[["}')).toBe(1);
    expect(jsonDepth('42')).toBe(0);
    expect(jsonDepth(deep(10_000), 32)).toBe(33);
    expect(jsonDepth(Buffer.from(deep(40)))).toBe(40);
  });

  it('finds NUL and lone surrogates, and accepts Chinese and astral characters', () => {
    expect(stringProblem('张三')).toBeUndefined();
    expect(stringProblem('𠮷野家 😀')).toBeUndefined();
    expect(stringProblem('a\u0000b')).toMatch(/NUL/);
    expect(stringProblem('a\uD800b')).toMatch(/surrogate/);
    expect(stringProblem('\uDC00')).toMatch(/surrogate/);
    expect(stringProblem('x\uD83D')).toMatch(/surrogate/);
  });

  it('names the field path of every bad string, prototype key and too-deep value', () => {
    const body = JSON.parse('{"applicant":{"name":"张\\u0000三"},"materials":[{"code":"ok"},{"code":"\\ud800"}],"__proto__":{"x":1},"project":{"constructor":"x","prototype":1}}');
    const problems = inspectInput(body);
    expect(problems.map((p) => p.field).sort()).toEqual(['__proto__', 'applicant.name', 'materials[1].code', 'project.constructor', 'project.prototype']);
    expect(problems.find((p) => p.field === '__proto__')?.kind).toBe('prototype_key');
    expect(inspectInput({ a: 1, b: ['x', { c: '中文' }] })).toEqual([]);
    let v: unknown = 'leaf';
    for (let i = 0; i < 100; i++) v = { n: v };
    const tooDeep = inspectInput(v, { maxDepth: 32 });
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]?.kind).toBe('too_deep');
    expect(inspectInput('a\u0000', { root: 'caseNo' })[0]?.field).toBe('caseNo');
    expect(inspectInput({ ['k\u0000']: 1 })[0]?.problem).toMatch(/key/);
  });

  it('survives a 100,000-deep value without overflowing the stack', () => {
    let v: unknown = [];
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(inspectInput(v)).toHaveLength(1);
  });

  it('bounds error details: the first 50, a last detail counting the rest, and detailsTotal', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => ({ field: `materials[${i}].code`, problem: 'duplicate' }));
    const b = boundDetails(many);
    expect(b.details).toHaveLength(MAX_ERROR_DETAILS + 1);
    expect(b.detailsTotal).toBe(30_000);
    expect(b.details.at(-1)?.problem).toMatch(/29950 more/);
    expect(boundDetails(many.slice(0, 3))).toEqual({ details: many.slice(0, 3) });
    const body = boundErrorBody({ code: 'VALIDATION_FAILED', message: 'x', details: many });
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
    expect(body.detailsTotal).toBe(30_000);
    const small = { code: 'VALIDATION_FAILED' as const, message: 'x', details: [{ problem: 'y' }] };
    expect(boundErrorBody(small)).toBe(small);
    expect(String(boundErrorBody({ ...small, details: [{ problem: 'p'.repeat(5000) }] }).details[0]?.problem).length).toBeLessThan(600);
  });
});
