import { describe, expect, it } from '@jest/globals';
import { accountLabel, dutyCandidates, dutyProblems, headCandidates, sectionProblems } from './hall';

const acc = (username: string, roles: string[], extra: { department?: string; window?: string; active?: boolean } = {}) => ({
  username,
  displayName: username.toUpperCase(),
  roles,
  active: extra.active ?? true,
  ...(extra.department ? { department: extra.department } : {}),
  ...(extra.window ? { window: extra.window } : {}),
});

describe('sections and the duty roster', () => {
  it('checks a section as the admin service does', () => {
    expect(sectionProblems({ code: 'GH', name: '规划科' }, true, [])).toEqual([]);
    expect(sectionProblems({ code: 'gh', name: '' }, true, [])).toEqual(['科室代码须为1至20位大写字母、数字或连字符', '请填写科室名称']);
    expect(sectionProblems({ code: 'GH', name: '用地科' }, true, [{ code: 'GH', name: '规划科' }, { code: 'YD', name: '用地科' }])).toEqual([
      '科室代码GH已存在',
      '本部门已有名为“用地科”的科室',
    ]);
    // editing keeps its own name
    expect(sectionProblems({ code: 'YD', name: '用地科' }, false, [{ code: 'YD', name: '用地科' }])).toEqual([]);
  });

  it('offers the department’s active accounts as heads, heads of department first', () => {
    const all = [acc('r1', ['reviewer'], { department: 'ZRZY' }), acc('h1', ['department_head'], { department: 'ZRZY' }), acc('x', ['reviewer'], { department: 'FGW' }), acc('off', ['reviewer'], { department: 'ZRZY', active: false })];
    expect(headCandidates(all, 'ZRZY').map((a) => a.username)).toEqual(['h1', 'r1']);
  });

  it('offers clerks and consultants for duty, those bound to the window first', () => {
    const all = [acc('c2', ['clerk'], { window: 'W02' }), acc('c1', ['clerk'], { window: 'W01' }), acc('a', ['admin']), acc('k', ['consultant'], { window: 'Z01' })];
    expect(dutyCandidates(all, 'W02').map((a) => a.username)).toEqual(['c2', 'c1', 'k']);
    expect(accountLabel(all[0] as never, 'W02')).toBe('C2（c2，本窗口）');
    expect(accountLabel(all[1] as never, 'W02')).toBe('C1（c1，W01）');
  });

  it('checks a roster', () => {
    expect(dutyProblems(['a', 'b'], '2026-12-08')).toEqual([]);
    expect(dutyProblems(['a', 'a'], undefined)).toEqual(['值班人员不能重复']);
    expect(dutyProblems(Array.from({ length: 21 }, (_, i) => `u${i}`), 'x')).toEqual(['每个窗口每天至多20名值班人员', '值班日期格式应为年-月-日']);
  });
});
