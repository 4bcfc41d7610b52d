/**
 * Whether a body may become a template's new version (pure). Every problem is listed at once, each with an English
 * `problem` (for developers and logs) and a Chinese `problemText` (for the admin screen).
 */
import type { ErrorDetail } from '@yichuang/contracts';
import { MIN_KEPT, parseBody, smsLength, smsParts } from './render-template.js';
import { ALARM_SIGNATURE, type TemplateContext, type TemplateSpec, type TemplateVariable } from './template-catalogue.js';

export const MAX_BODY_CHARS = 1000;

export type TemplateProblemKind = 'empty' | 'too_long' | 'braces' | 'unknown_variable' | 'signature' | 'too_many_parts';

export interface TemplateProblem extends ErrorDetail {
  field: 'body';
  kind: TemplateProblemKind;
  problem: string;
  problemText: string;
  variable?: string;
  position?: number;
}

/** How a body must start: an applicant's SMS with the hall's signature, a staff SMS with 【电子监察】. */
export function requiredStart(spec: Pick<TemplateSpec, 'audience'>): string {
  return spec.audience === 'applicant' ? '【{signature}】' : `【${ALARM_SIGNATURE}】`;
}

/** The length a variable can take at worst: a fixed one at its longest, an elastic one at its shortest kept length. */
export function worstLength(variable: TemplateVariable, ctx: TemplateContext): number {
  if (variable.config) return smsLength(ctx[variable.config]);
  if (variable.worstLength !== undefined) return variable.worstLength;
  return variable.elastic ? MIN_KEPT + 1 : (variable.maxLength ?? 0);
}

/** The characters the body needs at worst (every fixed variable at its longest, every elastic one at its shortest kept). */
export function worstCaseChars(body: string, spec: Pick<TemplateSpec, 'variables'>, ctx: TemplateContext): number {
  const vars = new Map(spec.variables.map((x) => [x.name, x]));
  let n = 0;
  for (const t of parseBody(body).tokens) {
    if ('text' in t) n += smsLength(t.text);
    else {
      const variable = vars.get(t.variable);
      if (variable) n += worstLength(variable, ctx);
    }
  }
  return n;
}

const BRACE_TEXT = {
  unclosed: ['an opening brace is never closed', '有未闭合的“{”'],
  unopened: ['a closing brace has no opening one', '有多余的“}”'],
  empty: ['an empty placeholder {}', '占位符“{}”为空'],
  nested: ['a brace inside a placeholder', '占位符中不能再有“{”'],
  bad_name: ['a placeholder name must be letters and digits', '占位符名称只能由英文字母和数字组成'],
} as const;

/** Every problem of a body for a template; none: it may be saved. */
export function validateTemplateBody(body: string, spec: Pick<TemplateSpec, 'audience' | 'variables'>, ctx: TemplateContext, maxParts: number): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const add = (kind: TemplateProblemKind, problem: string, problemText: string, extra: Partial<TemplateProblem> = {}) =>
    problems.push({ field: 'body', kind, problem, problemText, ...extra });
  if (body.trim().length === 0) {
    add('empty', 'the body is empty', '模板内容不能为空');
    return problems;
  }
  if (smsLength(body) > MAX_BODY_CHARS) add('too_long', `the body has more than ${MAX_BODY_CHARS} characters`, `模板内容不能超过${MAX_BODY_CHARS}个字符`);
  const parsed = parseBody(body);
  for (const e of parsed.braceErrors) {
    const [en, zh] = BRACE_TEXT[e.kind];
    add('braces', `${en} (at character ${e.position + 1})`, `第${e.position + 1}个字符处${zh}`, { position: e.position });
  }
  const known = new Set(spec.variables.map((x) => x.name));
  const unknown = [...new Set(parsed.tokens.flatMap((t) => ('variable' in t && !known.has(t.variable) ? [t.variable] : [])))];
  for (const name of unknown) {
    add('unknown_variable', `unknown variable {${name}}; known: ${[...known].join(', ')}`, `未知变量{${name}}，可用变量：${[...known].map((k) => `{${k}}`).join('')}`, { variable: name });
  }
  const start = requiredStart(spec);
  if (!body.startsWith(start)) add('signature', `the body must start with ${start}`, `模板内容须以${start}开头（短信签名）`);
  const worst = worstCaseChars(body, spec, ctx);
  const parts = smsParts(worst);
  if (parts > maxParts) {
    add('too_many_parts', `at worst ${worst} characters, ${parts} SMS parts; at most ${maxParts} allowed`, `最长情况下共${worst}个字，需${parts}条短信，超过上限${maxParts}条`, {
      worstCaseChars: worst,
      parts,
      maxParts,
    });
  }
  return problems;
}
