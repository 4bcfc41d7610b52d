import { describe, expect, it } from '@jest/globals';
import { MESSAGE_TEMPLATES } from '@yichuang/contracts';
import { maxCharsFor, parseBody, renderBody, smsParts } from './render-template.js';
import { TEMPLATE_CATALOGUE, templateSpec } from './template-catalogue.js';
import { validateTemplateBody, worstCaseChars } from './validate-template.js';
import { renderMessage, renderSms } from '../messages/templates.js';

const ctx = { signature: '新县政务服务中心', hallName: '新县政务服务中心', hallPhone: '0376-2962000' };

describe('the template catalogue', () => {
  it('has an entry for every template, whose default body is valid within three SMS parts and uses only its variables', () => {
    for (const code of MESSAGE_TEMPLATES) {
      const spec = TEMPLATE_CATALOGUE[code];
      expect(spec.code).toBe(code);
      expect(validateTemplateBody(spec.defaultBody, spec, ctx, 3)).toEqual([]);
      for (const x of spec.variables) expect(x.description).toMatch(/[\u4e00-\u9fa5]/);
      // every variable it computes is declared, and every declared one is computed
      const values = spec.values(ctx, spec.sample as never);
      expect(Object.keys(values).sort()).toEqual(spec.variables.map((x) => x.name).sort());
    }
  });

  it('holds applicant messages in quiet hours unless urgent; staff messages are urgent', () => {
    expect(templateSpec('QUEUE_TURN_NEAR')).toMatchObject({ audience: 'applicant', urgent: true });
    expect(templateSpec('CASE_ACCEPTED')).toMatchObject({ audience: 'applicant', urgent: false });
    for (const code of ['TASK_ALARM', 'DEEMED_ACCEPTANCE_ALARM', 'COMPLAINT_OVERDUE_ALARM'] as const) expect(templateSpec(code)).toMatchObject({ audience: 'staff', urgent: true });
  });

  it('alarms the supervisors of Art. 32 and of an overdue complaint in Chinese, under 【电子监察】', () => {
    expect(renderSms('DEEMED_ACCEPTANCE_ALARM', ctx, { project: '城北安置小区', receivedDate: '2026-11-19', dueDate: '2026-11-25', workingDays: 5 })).toBe(
      '【电子监察】红牌警告：申请“城北安置小区”自2026年11月19日收到材料起5个工作日内（至2026年11月25日）未一次性告知也未作出决定，依法视为受理，请立即核实处理。',
    );
    expect(renderSms('COMPLAINT_OVERDUE_ALARM', ctx, { topic: '窗口态度', dueDate: '2026-12-03' })).toBe('【电子监察】红牌警告：投诉“窗口态度”应于2026年12月3日前答复，现已超期未办结，请立即处理并答复投诉人。');
  });

  it('renders an administrator\'s body and reports the values as they stand in the text', () => {
    const body = '【{signature}】{name}：办件{caseNo}已受理（{date}）。';
    const r = renderMessage('CASE_ACCEPTED', ctx, { name: '张三', project: 'P', items: 1, date: '2026-11-26', caseNo: 'X-1' }, body);
    expect(r.text).toBe('【新县政务服务中心】张三：办件X-1已受理（2026年11月26日）。');
    expect(r.params).toMatchObject({ signature: '新县政务服务中心', name: '张三', caseNo: 'X-1', date: '2026年11月26日' });
  });
});

describe('the renderer', () => {
  it('shortens the longest elastic value first, never below four characters, and never fixed text', () => {
    const elastic = new Set(['a', 'b']);
    const r = renderBody('【S】{a}|{b}|{fixed}', { a: '一二三四五六七八九十', b: '甲乙丙丁戊己', fixed: 'X-0001' }, elastic, 22);
    expect(r.text).toBe('【S】一二三四…|甲乙丙丁戊己|X-0001');
    expect(r.text).toContain('X-0001');
    expect(r.params['a']).toMatch(/…$/);
    const tight = renderBody('{a}{b}{fixed}', { a: '一二三四五六七八九十', b: '甲乙丙丁戊己', fixed: 'X' }, elastic, 5);
    // both at their shortest (4 + …) and still too long: cut hard at the end
    expect(Array.from(tight.text)).toHaveLength(5);
  });

  it('keeps the fixed pieces of a composite value whole', () => {
    const r = renderBody('{moves}', { moves: [{ elastic: '建设用地规划许可证核发事项' }, '2027年1月15日'] }, new Set(), 15);
    expect(r.text).toBe('建设用地…2027年1月15日');
  });

  it('counts SMS parts: 70 characters in one, 67 per part beyond', () => {
    expect(smsParts(70)).toBe(1);
    expect(smsParts(71)).toBe(2);
    expect(smsParts(134)).toBe(2);
    expect(smsParts(135)).toBe(3);
    expect(maxCharsFor(1)).toBe(70);
    expect(maxCharsFor(3)).toBe(201);
  });

  it('parses placeholders and notes every stray brace', () => {
    expect(parseBody('a{b}c').tokens).toEqual([{ text: 'a' }, { variable: 'b' }, { text: 'c' }]);
    expect(parseBody('a{b c}d}{').braceErrors.map((e) => e.kind)).toEqual(['bad_name', 'unopened', 'unclosed']);
  });
});

describe('the validator', () => {
  const spec = templateSpec('CASE_ACCEPTED');

  it('lists every problem at once: unknown variables, braces, a missing signature, too many parts', () => {
    const body = '您好{name}，{caseNo}{foo}{bar}{' + '很长的固定文字'.repeat(40);
    const problems = validateTemplateBody(body, spec, ctx, 3);
    expect(problems.map((p) => p.kind).sort()).toEqual(['braces', 'signature', 'too_many_parts', 'unknown_variable', 'unknown_variable']);
    expect(problems.find((p) => p.variable === 'foo')?.problemText).toContain('未知变量{foo}');
    for (const p of problems) expect(p.field).toBe('body');
  });

  it('refuses an empty body', () => {
    expect(validateTemplateBody('  ', spec, ctx, 3).map((p) => p.kind)).toEqual(['empty']);
  });

  it('counts the worst case: fixed variables at their longest, elastic ones at their shortest kept', () => {
    // signature 8 + 2 brackets; caseNo at most 40; name at its shortest 5
    expect(worstCaseChars('【{signature}】{name}{caseNo}', spec, ctx)).toBe(10 + 5 + 40);
    // one part only: the default body needs more
    expect(validateTemplateBody(spec.defaultBody, spec, ctx, 1).map((p) => p.kind)).toEqual(['too_many_parts']);
  });

  it('wants 【电子监察】 at the start of a staff template', () => {
    const alarm = templateSpec('TASK_ALARM');
    expect(validateTemplateBody('【{signature}】{level}', alarm, ctx, 3).map((p) => p.kind).sort()).toEqual(['signature', 'unknown_variable']);
  });
});
