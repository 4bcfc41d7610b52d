/** The administrator-owned working-day calendar and the public deadline calculator, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { statutoryHolidays } from '@yichuang/domain';
import { eventually } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface ErrorAnswer { error: { code: string; details: { field?: string }[] } }

describe('the working-day calendar', () => {
  let e: E2E;
  let admin: string;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.http.login('admin');
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('computes a deadline day by day across National Day and its make-up Saturday, with pauses', async () => {
    const r = await e.http.post<{ dueDate: string; days: { date: string; counted: boolean; reason: string }[] }>('/api/v1/calendar/deadline', {
      startDate: '2025-09-26',
      workingDays: 5,
      pauses: [{ from: '2025-09-29', to: '2025-09-29', kind: 'special_procedure' }],
    });
    expect(r.status).toBe(200);
    // 09-27 Sat rest, 09-28 Sun make-up (1), 09-29 paused, 09-30 (2), 10-01..08 holiday, 10-09 (3), 10-10 (4), 10-11 Sat make-up (5)
    expect(r.body.dueDate).toBe('2025-10-11');
    const byDate = Object.fromEntries(r.body.days.map((d) => [d.date, d.reason]));
    expect(byDate).toMatchObject({ '2025-09-27': 'rest_day', '2025-09-28': 'counted', '2025-09-29': 'paused', '2025-10-01': 'holiday', '2025-10-11': 'counted' });
    expect(r.body.days.every((d) => !(d as { provisional?: boolean }).provisional)).toBe(true);
    // into 2027, whose arrangement is not announced: counted provisionally, never refused
    const next = await e.http.post<{ dueDate: string; provisional: boolean }>('/api/v1/calendar/deadline', { startDate: '2026-12-01', workingDays: 40, pauses: [] });
    expect(next.status).toBe(200);
    expect(next.body.provisional).toBe(true);
    const past = await e.http.post<ErrorAnswer>('/api/v1/calendar/deadline', { startDate: '2028-12-01', workingDays: 40, pauses: [] });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('CALENDAR_OUT_OF_RANGE');
  });

  it('lets the administrator change a day (audited, versioned) and load a year, and warns before the data runs out', async () => {
    const before = await e.http.get<{ version: number; years: number[]; provisionalYears: number[]; warning: string | null }>('/api/v1/admin/calendar', admin);
    expect(before.body.years).toEqual([2025, 2026]);
    expect(before.body.provisionalYears).toEqual([2027, 2028]);
    expect(before.body.warning).toMatch(/尚未录入2027年的节假日安排/);
    const add = await e.http.get<{ date: string }>('/api/v1/calendar/add-working-days?from=2026-06-01&days=1');
    expect(add.body.date).toBe('2026-06-02');
    const changed = await e.http.call<{ version: number; changes: { date: string; before: string; after: string }[] }>(
      'PUT',
      '/api/v1/admin/calendar/days/2026-06-02',
      { kind: 'holiday', name: '县庆', note: '县政府通知放假一天' },
      admin,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.changes).toEqual([{ date: '2026-06-02', before: 'normal', after: 'holiday:县庆' }]);
    expect((await e.http.get<{ date: string }>('/api/v1/calendar/add-working-days?from=2026-06-01&days=1')).body.date).toBe('2026-06-03');
    const trail = await e.http.get<{ version: number; createdBy: string; note: string }[]>('/api/v1/admin/calendar/changes', admin);
    expect(trail.body[0]).toMatchObject({ version: changed.body.version, createdBy: 'admin', note: '县政府通知放假一天' });

    const arrangement = { year: 2027, holidays: statutoryHolidays(2027), makeUpWorkdays: [], note: '载入2027年节假日安排' };
    const loaded = await e.http.post<{ changes: unknown[] }>('/api/v1/admin/calendar/years', arrangement, admin);
    expect(loaded.status).toBe(201);
    expect(loaded.body.changes).toEqual([]); // the same days as the provisional calendar: nothing moves, nothing is provisional any more
    expect((await e.http.post<ErrorAnswer>('/api/v1/admin/calendar/years', arrangement, admin)).status).toBe(409);
    expect((await e.http.get<{ date: string }>('/api/v1/calendar/add-working-days?from=2026-12-31&days=1')).body.date).toBe('2027-01-04');
    const clerk = await e.http.login('clerk1');
    expect((await e.http.call('PUT', '/api/v1/admin/calendar/days/2026-06-03', { kind: 'holiday', note: 'x' }, clerk)).status).toBe(403);
    const bad = await e.http.call<ErrorAnswer>('PUT', '/api/v1/admin/calendar/days/2026-02-30', { kind: 'sometimes', note: '' }, admin);
    expect(bad.status).toBe(400);
  });

  it('tells which running deadlines a calendar change moves', async () => {
    const clerk = await e.http.login('clerk1');
    const items = (await e.http.get<{ code: string; materials: { code: string; required: boolean; forms: string[] }[] }[]>('/api/v1/catalog/items?stage=1')).body;
    const zrzy = items.find((i) => i.code === 'ZRZY-001');
    const app = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X', phone: '13712345678' },
        project: { code: '2026-411523-48-01-009001', name: '住宅', location: '新县' },
        materials: zrzy?.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] })),
      },
      clerk,
    );
    await e.http.post(`/api/v1/applications/${app.body.id}/precheck`, { results: [] }, clerk);
    const acc = await e.http.post<{ caseNo: string; tasks: { dueDate: string }[] }>(`/api/v1/applications/${app.body.id}/accept`, undefined, clerk);
    const reviewer = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string; dueDate: string }[]>(`/api/v1/review/tasks?caseNo=${acc.body.caseNo}`, reviewer)).body[0]);
    // accepted 2026-11-26 (e2e clock): the next Monday becomes a holiday → the deadline moves one working day
    const change = await e.http.call<{ version: number }>('PUT', '/api/v1/admin/calendar/days/2026-11-30', { kind: 'holiday', name: '县庆', note: '县庆放假' }, admin);
    expect(change.status).toBe(200);
    const moved = await eventually(async () => {
      const r = await e.http.get<{ taskId: string; oldDueDate: string; newDueDate: string }[]>(`/api/v1/admin/calendar/changes/${change.body.version}/moved-deadlines`, admin);
      return r.body.find((m) => m.taskId === task.id);
    });
    expect(moved.oldDueDate).toBe(task.dueDate);
    const expected = (await e.http.get<{ date: string }>(`/api/v1/calendar/add-working-days?from=${task.dueDate}&days=1`)).body.date;
    expect(moved.newDueDate).toBe(expected);
    const after = await e.http.get<{ dueDate: string }[]>(`/api/v1/review/tasks?caseNo=${acc.body.caseNo}`, reviewer);
    expect(after.body[0]?.dueDate).toBe(expected);
  });
});
