import { describe, expect, it } from '@jest/globals';
import {
  actionText,
  chinaDateTime,
  allowedActions,
  assigneeProblem,
  clockText,
  correctionProblems,
  dayRows,
  ledgerSummary,
  pauseRows,
  PROCEDURE_OPTIONS,
  sectionProblems,
  statusText,
  weekday,
  type LedgerLike,
} from './department';

const reviewer = { username: 'zrzy1', roles: ['reviewer'] };
const colleague = { username: 'zrzy2', roles: ['reviewer'] };
const head = { username: 'zrzy_head', roles: ['reviewer', 'department_head'] };

describe('the department workbench: what a person may do on a task', () => {
  it('lets anyone of the department claim a pending task, and only the head assign it', () => {
    const pending = { status: 'pending' as const, remainingWorkingDays: 10 };
    expect(allowedActions(pending, reviewer)).toEqual(['claim', 'opinion', 'suspend', 'correction', 'meeting']);
    expect(allowedActions(pending, head)).toEqual(['claim', 'assign', 'opinion', 'suspend', 'correction', 'meeting']);
  });

  it('lets the assignee decide and pause a claimed task; a colleague only gives opinions; the head reassigns', () => {
    const claimed = { status: 'claimed' as const, assignee: 'zrzy1', remainingWorkingDays: 8 };
    expect(allowedActions(claimed, reviewer)).toEqual(['decide', 'opinion', 'suspend', 'correction', 'meeting']);
    expect(allowedActions(claimed, colleague)).toEqual(['opinion', 'meeting']);
    expect(allowedActions(claimed, head)).toEqual(['assign', 'opinion', 'suspend', 'correction', 'meeting']);
    expect(allowedActions({ ...claimed, kind: 'verification' }, reviewer)).not.toContain('decide');
  });

  it('resumes a paused task (assignee or head), and offers nothing on a decided one', () => {
    for (const status of ['suspended', 'correction_requested'] as const) {
      const t = { status, assignee: 'zrzy1', remainingWorkingDays: 5 };
      expect(allowedActions(t, reviewer)).toEqual(['opinion', 'resume', 'meeting']);
      expect(allowedActions(t, head)).toContain('resume');
      expect(allowedActions(t, colleague)).not.toContain('resume');
      expect(allowedActions(t, head)).not.toContain('assign');
    }
    expect(allowedActions({ status: 'approved', assignee: 'zrzy1', remainingWorkingDays: 3 }, head)).toEqual([]);
  });

  it('says the state and the clock in Chinese: 补正中 while the applicant corrects, the clock stopped', () => {
    expect(statusText('correction_requested')).toBe('补正中');
    expect(statusText('suspended')).toBe('特殊程序中');
    expect(statusText('claimed')).toBe('审查中');
    expect(clockText({ status: 'correction_requested', remainingWorkingDays: 6 })).toBe('补正中，暂停计时（剩余6个工作日）');
    expect(clockText({ status: 'suspended', remainingWorkingDays: 6 })).toBe('特殊程序中，暂停计时（剩余6个工作日）');
    expect(clockText({ status: 'claimed', remainingWorkingDays: 6 })).toBe('剩余6个工作日');
    expect(clockText({ status: 'claimed', remainingWorkingDays: -1 })).toBe('已超期1个工作日');
    expect(clockText({ status: 'denied', remainingWorkingDays: 2 })).toBe('已办结');
  });

  it('offers the special procedures of the API in Chinese', () => {
    expect(PROCEDURE_OPTIONS.map((o) => o.label)).toEqual(['联合踏勘', '部门会商', '专家评审', '公示', '听证', '检验检测']);
    expect(actionText('assigned')).toBe('分派');
    expect(actionText('opinion')).toBe('审查意见');
    expect(actionText('something_new')).toBe('something_new');
    expect(chinaDateTime('2026-12-07T17:05:00.000Z')).toBe('2026年12月8日 01:05');
  });
});

describe('the day ledger (计时台账)', () => {
  // accepted Friday 2026-12-04; Mon 7 and Tue 8 counted; a hearing Wed 9 – Thu 10; Fri 11 counted …
  const ledger: LedgerLike = {
    startDate: '2026-12-04',
    promisedDays: 4,
    dueDate: '2026-12-15',
    provisional: false,
    elapsedWorkingDays: 2,
    remainingWorkingDays: 2,
    days: [
      { date: '2026-12-05', counted: false, reason: 'rest_day', provisional: false },
      { date: '2026-12-06', counted: false, reason: 'rest_day', provisional: false },
      { date: '2026-12-07', counted: true, reason: 'counted', provisional: false },
      { date: '2026-12-08', counted: true, reason: 'counted', provisional: false },
      { date: '2026-12-09', counted: false, reason: 'paused', provisional: false },
      { date: '2026-12-10', counted: false, reason: 'paused', provisional: false },
      { date: '2026-12-11', counted: true, reason: 'counted', provisional: false },
      { date: '2026-12-12', counted: false, reason: 'rest_day', provisional: false },
      { date: '2026-12-13', counted: false, reason: 'rest_day', provisional: false },
      { date: '2026-12-14', counted: false, reason: 'paused', provisional: false },
      { date: '2026-12-15', counted: true, reason: 'counted', provisional: true },
    ],
  };

  it('shows each pause with the working days it kept off the clock', () => {
    const rows = pauseRows(
      [
        { kind: 'special_procedure', procedure: 'hearing', reason: '组织听证', expectedWorkingDays: 5, from: '2026-12-09', to: '2026-12-10', startedBy: 'zrzy1', endedBy: 'zrzy1' },
        { kind: 'special_procedure', procedure: 'expert_review', reason: '专家意见', from: '2026-12-11', to: '2026-12-10', startedBy: 'zrzy1', endedBy: 'zrzy1' },
        { kind: 'correction', reason: '补齐补正：1. 规划图缺少坐标', from: '2026-12-14', startedBy: 'zrzy1' },
      ],
      ledger,
    );
    expect(rows.map((r) => [r.kind, r.from, r.to, r.daysText, r.by])).toEqual([
      ['特殊程序·听证', '2026年12月9日起', '2026年12月10日止', '不计入2个工作日（预计5个工作日）', 'zrzy1 启动，zrzy1 结束'],
      ['特殊程序·专家评审', '2026年12月11日起', '2026年12月11日当日结束', '不计入0个工作日', 'zrzy1 启动，zrzy1 结束'],
      ['补齐补正', '2026年12月14日起', '进行中', '不计入1个工作日', 'zrzy1 启动'],
    ]);
    expect(pauseRows([{ kind: 'correction', reason: 'x', from: '2026-12-14', startedBy: 'a' }], undefined)[0]?.notCounted).toBe(0);
  });

  it('lists the days with their weekday and reason, and sums them up', () => {
    const rows = dayRows(ledger);
    expect(rows[0]).toEqual({ key: '2026-12-05', date: '2026年12月5日', weekday: '星期六', reason: '休息日', counted: false });
    expect(rows[2]?.reason).toBe('计入（第1个工作日）');
    expect(rows[4]?.reason).toBe('暂停计时');
    expect(rows[10]?.reason).toBe('计入（第4个工作日）（暂定）');
    expect(weekday('2026-12-07')).toBe('星期一');
    expect(ledgerSummary(ledger)).toBe(
      '自2026年12月4日受理，承诺4个工作日；已用2个工作日，剩余2个工作日；承诺办结日期2026年12月15日；暂停计时3个工作日不计入，休息日4天，节假日0天',
    );
  });
});

describe("the workbench's forms", () => {
  it('checks the assignee, the sections of a meeting and the corrections before asking the API', () => {
    expect(assigneeProblem('')).toBe('请选择或填写承办人账号');
    expect(assigneeProblem('zrzy 1')).toBe('承办人账号应为1至64位字母、数字或 ._@-');
    expect(assigneeProblem(' zrzy1 ')).toBeUndefined();
    expect(sectionProblems([])).toEqual(['请至少填写一个参会科室']);
    expect(sectionProblems(['规划科', ' ', '规划科', 'x'.repeat(41)])).toEqual(['科室名称不能为空', '科室名称“xxxxxxxxxx…”超过40个字', '科室“规划科”重复']);
    expect(sectionProblems(['规划科', '用地科'])).toEqual([]);
    expect(correctionProblems([])).toEqual(['请至少列出一项需要补正的内容']);
    expect(correctionProblems([{ materialCode: 'M1', description: ' ' }, { description: '缺少坐标' }, { description: 'x'.repeat(501) }])).toEqual([
      '第1项：请说明需要补正的内容',
      '第3项：说明不超过500个字',
    ]);
  });
});
