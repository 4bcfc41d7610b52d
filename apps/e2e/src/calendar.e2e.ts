/** The administrator-owned working-day calendar and the public deadline calculator, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
    const past = await e.http.post<ErrorAnswer>('/api/v1/calendar/deadline', { startDate: '2026-12-01', workingDays: 40, pauses: [] });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('CALENDAR_OUT_OF_RANGE');
  });

  it('lets the administrator change a day (audited, versioned) and load a year, and warns before the data runs out', async () => {
    const before = await e.http.get<{ version: number; years: number[]; warning: string | null }>('/api/v1/admin/calendar', admin);
    expect(before.body.years).toEqual([2025, 2026]);
    expect(before.body.warning).toMatch(/2027/);
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

    const loaded = await e.http.post<{ changes: unknown[] }>(
      '/api/v1/admin/calendar/years',
      { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeUpWorkdays: [], note: '预载2027年元旦' },
      admin,
    );
    expect(loaded.status).toBe(201);
    expect((await e.http.get<{ date: string }>('/api/v1/calendar/add-working-days?from=2026-12-31&days=1')).body.date).toBe('2027-01-04');
    const clerk = await e.http.login('clerk1');
    expect((await e.http.call('PUT', '/api/v1/admin/calendar/days/2026-06-03', { kind: 'holiday', note: 'x' }, clerk)).status).toBe(403);
    const bad = await e.http.call<ErrorAnswer>('PUT', '/api/v1/admin/calendar/days/2026-02-30', { kind: 'sometimes', note: '' }, admin);
    expect(bad.status).toBe(400);
  });
});
