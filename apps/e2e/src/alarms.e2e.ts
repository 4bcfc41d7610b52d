/**
 * Electronic supervision of review tasks (电子监察) over HTTP: a task turns yellow then red, each raised
 * once and listed with the window's alarms; an alarm whose moment passed while the review service was
 * down is raised once after it restarts, and not again when a second instance starts sweeping.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, eventually } from '@yichuang/testing';
import { setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean; forms: string[] }[] }
interface Alarm { id: string; kind: string; level: 'yellow' | 'red'; caseNo?: string; taskId?: string; department?: string; raisedAt: string; message: string; acknowledgedBy?: string }

const nextDay = (d: string, n = 1) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};
const at = (d: string) => `${d}T10:00:00+08:00`;

describe('task alarms (电子监察)', () => {
  let e: E2E;
  let clerk: string;
  let supervisor: string;
  let catalogue: Item[];

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    supervisor = await e.http.login('supervisor1');
    catalogue = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
  });

  afterAll(async () => {
    await e?.stop();
  });

  /** An accepted single-item case (ZRZY-001); answers its number, the review task's id and due date. */
  async function acceptedCase(): Promise<{ caseNo: string; taskId: string; dueDate: string }> {
    const item = catalogue.find((i) => i.code === 'ZRZY-001') as Item;
    const r = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'assisted',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })),
      },
      clerk,
    );
    expect(r.status).toBe(201);
    expect((await e.http.post<{ status: string }>(`/api/v1/applications/${r.body.id}/precheck`, { results: [] }, clerk)).body.status).toBe('complete');
    const acc = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${r.body.id}/accept`, undefined, clerk);
    if (acc.status !== 201) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.body)}\n${e.logs.filter((l) => /error|ERROR/.test(l.line)).slice(-10).map((l) => `${l.app}: ${l.line}`).join('\n')}`);
    const task = await eventually(async () => {
      const c = await e.http.get<{ tasks: { id: string; dueDate: string }[] }>(`/api/v1/cases/${acc.body.caseNo}`, clerk);
      return c.body.tasks?.[0];
    });
    return { caseNo: acc.body.caseNo, taskId: task.id, dueDate: task.dueDate };
  }

  const alarmsOf = async (caseNo: string, level?: 'yellow' | 'red') => {
    const r = await e.http.get<Alarm[]>(`/api/v1/supervision/alarms${level ? `?level=${level}` : ''}`, supervisor);
    expect(r.status).toBe(200);
    return r.body.filter((a) => a.caseNo === caseNo);
  };
  const sweep = async () => {
    const r = await e.http.post<{ raised: number; intake: number; review: number }>('/api/v1/supervision/sweep', undefined, supervisor);
    expect(r.status).toBe(200);
    return r.body;
  };

  let first: { caseNo: string; taskId: string; dueDate: string };
  let second: { caseNo: string; taskId: string; dueDate: string };

  it('turns a task yellow on its due date and red the day after, each raised once and listed with its case, task and department', async () => {
    // the demo calendar holds 2025–2026: accept in September 2026; review's clock first, before any task exists
    await setClock(e, 'review', at('2026-09-01'));
    await setClock(e, 'intake', at('2026-09-01'));
    try {
      first = await acceptedCase();
      // a later case, for the restart below
      await setClock(e, 'intake', at('2026-09-15'));
      second = await acceptedCase();
    } finally {
      await setClock(e, 'intake', null);
    }
    expect(second.dueDate > nextDay(first.dueDate, 2)).toBe(true);

    await sweep();
    expect(await alarmsOf(first.caseNo)).toEqual([]);

    await setClock(e, 'review', at(first.dueDate)); // 0 working days left: yellow
    const y = await sweep();
    expect(y.review).toBeGreaterThanOrEqual(1);
    expect(y.raised).toBe(y.review + y.intake);
    const yellow = await alarmsOf(first.caseNo);
    expect(yellow).toEqual([expect.objectContaining({ kind: 'task_due_soon', level: 'yellow', taskId: first.taskId, department: 'ZRZY' })]);
    expect((await sweep()).review).toBe(0);
    expect(await alarmsOf(first.caseNo, 'red')).toEqual([]);

    await setClock(e, 'review', at(nextDay(first.dueDate))); // the day after: overdue
    await sweep();
    expect((await sweep()).review).toBe(0);
    const red = await alarmsOf(first.caseNo, 'red');
    expect(red).toEqual([expect.objectContaining({ kind: 'task_overdue', level: 'red', taskId: first.taskId, department: 'ZRZY' })]);
    expect(red[0]?.message).toContain(first.dueDate);
    expect((await alarmsOf(first.caseNo)).map((a) => a.level).sort()).toEqual(['red', 'yellow']);

    // acknowledging through the gateway (a task alarm): off the open list
    const ack = await e.http.post<Alarm>(`/api/v1/supervision/alarms/${yellow[0]?.id}/acknowledge`, undefined, supervisor);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBe('supervisor1');
    expect((await alarmsOf(first.caseNo)).map((a) => a.level)).toEqual(['red']);
    expect(await alarmsOf(second.caseNo)).toEqual([]);
  });

  it('raises, once, an alarm whose moment passed while the review service was down, and not again with a second instance', async () => {
    await e.system.kill('review');
    // the second task's due date passes while nobody sweeps; review comes back (its clock restarts, so set it again)
    const after = at(nextDay(second.dueDate, 3));
    e.system.start('review', { CLOCK_START: after });
    await e.system.waitHealthy(60_000);
    await setClock(e, 'review', after);
    await sweep();
    const red = await alarmsOf(second.caseNo);
    expect(red).toEqual([expect.objectContaining({ kind: 'task_overdue', level: 'red', taskId: second.taskId })]); // its yellow moment was missed: red only
    expect((await sweep()).review).toBe(0);

    // a second instance, on the same day and sweeping every second: nothing new
    e.system.start('review#2', { CLOCK_START: after, ALARM_SWEEP_MS: '1000' });
    await e.system.waitHealthy(60_000);
    await new Promise((r) => setTimeout(r, 3000));
    for (let i = 0; i < 4; i++) expect((await sweep()).review).toBe(0);
    expect((await alarmsOf(second.caseNo)).map((a) => a.id)).toEqual(red.map((a) => a.id));
    expect((await alarmsOf(first.caseNo)).map((a) => a.level)).toEqual(['red']);
    const all = (await e.http.get<Alarm[]>('/api/v1/supervision/alarms?includeAcknowledged=true', supervisor)).body.filter((a) => a.taskId === first.taskId || a.taskId === second.taskId);
    expect(all.map((a) => `${a.caseNo}:${a.level}`).sort()).toEqual([`${first.caseNo}:red`, `${first.caseNo}:yellow`, `${second.caseNo}:red`].sort());
    await e.system.kill('review#2');
  });
});
