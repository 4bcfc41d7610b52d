/**
 * The hall works on any date: in December 2026, with the State Council's 2027 arrangement not yet published,
 * a case is accepted with a provisional due date (the holiday law's fixed holidays, no make-up days), the
 * administrator loads the official arrangement when it comes out, and every running clock moves by exactly the
 * days the arrangement changed — the review task (and the applicant is told by SMS), the Art. 32 window of an
 * application still at the window, and a complaint's deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { statutoryHolidays } from '@yichuang/domain';
import { aCreditCode, aProjectCode, eventually } from '@yichuang/testing';
import { pdfText, setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; promisedDays: number; materials: { code: string; required: boolean; forms: string[] }[] }
interface Task { id: string; caseNo: string; dueDate: string; dueDateProvisional: boolean }
interface LedgerDay { date: string; counted: boolean; reason: string; provisional: boolean }
interface ErrorAnswer { error: { code: string; message: string; details: { field?: string; problem: string; date?: string }[] } }
interface Moved { kind: string; taskId?: string; applicationId?: string; consultationId?: string; oldDueDate: string; newDueDate: string; provisional: boolean }

/**
 * A 2027 arrangement for the test (the real one is not published as this is written): the law's 13 days, the
 * days that make up for statutory holidays falling on a weekend (Art. 6), and ONE make-up Saturday, 9 January.
 */
const ARRANGEMENT_2027 = {
  year: 2027,
  holidays: [
    ...statutoryHolidays(2027),
    { date: '2027-02-09', name: '春节' },
    { date: '2027-02-10', name: '春节' },
    { date: '2027-05-03', name: '劳动节' },
    { date: '2027-05-04', name: '劳动节' },
    { date: '2027-10-04', name: '国庆节' },
    { date: '2027-10-05', name: '国庆节' },
  ],
  makeUpWorkdays: [{ date: '2027-01-09', name: '元旦' }],
  note: '国务院办公厅关于2027年部分节假日安排的通知（测试用）',
};

describe('a provisional year, then its official arrangement', () => {
  let e: E2E;
  let clerk: string;
  let admin: string;
  let sthj: string;

  beforeAll(async () => {
    e = await startE2E();
    for (const s of ['intake', 'review', 'admin', 'notification']) await setClock(e, s, '2026-12-20T10:00:00+08:00');
    [clerk, admin, sthj] = [await e.http.login('clerk1'), await e.http.login('admin'), await e.http.login('sthj1')];
  });

  afterAll(async () => {
    await e?.stop();
  });

  async function application(itemCode: string): Promise<string> {
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body;
    const item = items.find((i) => i.code === itemCode);
    const r = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: [itemCode],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
        project: { code: aProjectCode(), name: '新县城南污水处理厂扩建项目', location: '新县新集镇' },
        materials: item?.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] })),
      },
      clerk,
    );
    expect(r.status).toBe(201);
    return r.body.id;
  }

  let caseNo: string;
  let task: Task;
  let pending: string;
  let complaint: string;

  it('accepts a 20-working-day item in December with a provisional due date, and says so everywhere', async () => {
    const health = await e.http.get<{ status: string; warnings: string[] }>('/api/health');
    expect(health.body.status).toBe('ok');
    expect(health.body.warnings.join()).toContain('2027年');

    const id = await application('STHJ-002'); // 环境影响报告表审批, promised 20 working days
    expect((await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const acc = await e.http.post<{ caseNo: string; tasks: { dueDate: string; dueDateProvisional: boolean }[] }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(acc.status).toBe(201);
    caseNo = acc.body.caseNo;
    // from Sunday 2026-12-20: Dec 21–25 (5), 28–31 (9); 2027 provisional: Jan 1 元旦, Jan 4–8 (14), 11–15 (19), 18 (20)
    expect(acc.body.tasks).toEqual([{ itemCode: 'STHJ-002', department: 'STHJ', dueDate: '2027-01-18', dueDateProvisional: true }]);

    task = await eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, sthj)).body[0]);
    expect(task).toMatchObject({ dueDate: '2027-01-18', dueDateProvisional: true });
    const ledger = await e.http.get<{ dueDate: string; provisional: boolean; days: LedgerDay[] }>(`/api/v1/review/tasks/${task.id}/ledger`, sthj);
    expect(ledger.body).toMatchObject({ dueDate: '2027-01-18', provisional: true });
    const byDate = Object.fromEntries(ledger.body.days.map((d) => [d.date, d]));
    expect(byDate['2026-12-31']).toMatchObject({ reason: 'counted', provisional: false });
    expect(byDate['2027-01-01']).toMatchObject({ reason: 'holiday', provisional: true });
    expect(byDate['2027-01-09']).toMatchObject({ reason: 'rest_day', provisional: true });
    expect(ledger.body.days.filter((d) => d.provisional).map((d) => d.date)[0]).toBe('2027-01-01');

    const c = await e.http.get<{ promisedDueDate: string; promisedDueDateProvisional: boolean; tasks: Task[] }>(`/api/v1/cases/${caseNo}`, clerk);
    expect(c.body).toMatchObject({ promisedDueDate: '2027-01-18', promisedDueDateProvisional: true });
    expect(c.body.tasks[0]?.dueDateProvisional).toBe(true);
    const text = await pdfText(await fetch(`${e.http.base}/api/v1/cases/${caseNo}/acceptance-notice.pdf`, { headers: { authorization: `Bearer ${clerk}` } }));
    expect(text).toContain('2027年1月18日（暂定）');
    expect(text).toContain('全国年节及纪念日放假办法');

    const calc = await e.http.get<{ date: string; provisional: boolean }>('/api/v1/calendar/add-working-days?from=2026-12-20&days=20');
    expect(calc.body).toEqual({ from: '2026-12-20', days: 20, date: '2027-01-18', provisional: true });
  });

  it('runs the Art. 32 window and a complaint deadline of early January on the provisional calendar', async () => {
    await setClock(e, 'intake', '2027-01-04T10:00:00+08:00'); // Monday
    pending = await application('STHJ-002');
    const app = await e.http.get<{ noticeDeadline: string; noticeDeadlineProvisional: boolean }>(`/api/v1/applications/${pending}`, clerk);
    // Jan 5–8 (4), 11 (5)
    expect(app.body).toMatchObject({ noticeDeadline: '2027-01-11', noticeDeadlineProvisional: true });
    const consult = await e.http.login('consult1');
    const made = await e.http.post<{ id: string; dueDate: string; dueDateProvisional: boolean }>(
      '/api/v1/consultations',
      { channel: 'phone', kind: 'complaint', topic: '办理进度', question: '环评审批何时办结？', contactName: '王五', phone: '13712345678' },
      consult,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ dueDate: '2027-01-11', dueDateProvisional: true });
    complaint = made.body.id;
  });

  it('refuses an arrangement that drops a statutory holiday, listing every one', async () => {
    const bad = await e.http.post<ErrorAnswer>(
      '/api/v1/admin/calendar/years',
      { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeUpWorkdays: [{ date: '2027-02-05', name: '春节' }, { date: '2027-01-12', name: '调休' }], note: '不完整' },
      admin,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('UNPROCESSABLE');
    const dates = bad.body.error.details.map((d) => d.date);
    // the other 12 statutory days, 除夕 also listed as worked, and a Tuesday as a make-up day
    expect(new Set(dates)).toEqual(new Set(statutoryHolidays(2027).map((h) => h.date).filter((d) => d !== '2027-01-01').concat('2027-01-12')));
    expect(bad.body.error.details.find((d) => d.date === '2027-01-12')?.problem).toMatch(/weekday/);
  });

  it('moves every running clock by exactly the make-up Saturday when the official arrangement is loaded, and tells the applicant', async () => {
    const loaded = await e.http.post<{ version: number; changes: { date: string; before: string; after: string }[] }>('/api/v1/admin/calendar/years', ARRANGEMENT_2027, admin);
    expect(loaded.status).toBe(201);
    // against the provisional calendar only the additions differ: the make-up Saturday and the six 补假 days
    expect(loaded.body.changes).toContainEqual({ date: '2027-01-09', before: 'normal', after: 'makeup_workday:元旦' });
    expect(loaded.body.changes.map((c) => c.date)).toEqual(['2027-01-09', '2027-02-09', '2027-02-10', '2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']);
    const again = await e.http.post<ErrorAnswer>('/api/v1/admin/calendar/years', ARRANGEMENT_2027, admin);
    expect(again.status).toBe(409);

    // the task: Jan 9 now counts, so the 20th working day is Friday Jan 15 — and it is final
    const moved = await eventually(async () => {
      const t = (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, sthj)).body[0];
      return t?.dueDate !== task.dueDate && t;
    });
    expect(moved).toMatchObject({ dueDate: '2027-01-15', dueDateProvisional: false });

    const list = await eventually(async () => {
      const r = await e.http.get<Moved[]>(`/api/v1/admin/calendar/changes/${loaded.body.version}/moved-deadlines`, admin);
      return r.body.length === 3 && r.body;
    });
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'task', taskId: task.id, oldDueDate: '2027-01-18', newDueDate: '2027-01-15', provisional: false }),
        // Art. 32 from Monday Jan 4: Jan 5–8 and the make-up Saturday
        expect.objectContaining({ kind: 'art32_notice', applicationId: pending, oldDueDate: '2027-01-11', newDueDate: '2027-01-09', provisional: false }),
        expect.objectContaining({ kind: 'complaint', consultationId: complaint, oldDueDate: '2027-01-11', newDueDate: '2027-01-09', provisional: false }),
      ]),
    );
    expect((await e.http.get<{ noticeDeadline: string; noticeDeadlineProvisional: boolean }>(`/api/v1/applications/${pending}`, clerk)).body).toMatchObject({
      noticeDeadline: '2027-01-09',
      noticeDeadlineProvisional: false,
    });

    // one SMS to the applicant with the new date
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.filter((m) => m.template === 'DEADLINE_MOVED').length > 0 && r.body.filter((m) => m.template === 'DEADLINE_MOVED');
    });
    expect(sms).toHaveLength(1);
    expect(sms[0]?.content).toContain('2027年节假日安排');
    expect(sms[0]?.content).toContain('2027年1月15日');
    expect(sms[0]?.content).not.toContain('暂定');

    // the case follows: its promised date, and the timeline says why
    const c = await eventually(async () => {
      const r = await e.http.get<{ promisedDueDate: string; promisedDueDateProvisional: boolean; timeline: { event: string; detail?: string }[] }>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.promisedDueDate === '2027-01-15' && r.body;
    });
    expect(c.promisedDueDateProvisional).toBe(false);
    expect(c.timeline.find((t) => t.event === 'due_date_moved')?.detail).toContain('2027-01-18 → 2027-01-15');

    const overview = await e.http.get<{ years: number[]; provisionalYears: number[]; warning: string | null }>('/api/v1/admin/calendar', admin);
    expect(overview.body).toMatchObject({ years: [2025, 2026, 2027], provisionalYears: [2028, 2029], warning: null });
    expect((await e.http.get<{ warnings: string[] }>('/api/health')).body.warnings).toEqual([]);
  });
});
