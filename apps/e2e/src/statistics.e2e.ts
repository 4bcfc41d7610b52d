/**
 * Statistics joined from queue to certificate (issue 12.7) and one project across the stages (12.6): a case walked
 * over HTTP with known times on the test clock — ticket, call, acceptance, the window finishing the ticket, a site
 * inspection suspending one department's task, both decisions, hand-over, rating — and the read model's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { aCreditCode, aProjectCode, aResidentId, eventually, isoAt } from '@yichuang/testing';
import { setClock, startE2E, type E2E } from './harness.js';

const CONTACT_ID = aResidentId();
/** an instant set on the test clock, give or take the minute the step took */
const near = (instant: string) => expect.stringMatching(new RegExp(`^${instant.slice(0, 16)}`));
const about = (seconds: number | null, expected: number) => seconds !== null && seconds >= expected - 5 && seconds <= expected + 60;

interface Item { code: string; materials: { code: string; required: boolean }[] }
interface Task { id: string; itemCode: string }
interface CaseTimes {
  caseNo: string;
  queueWaitSeconds: number | null;
  windowServiceSeconds: number | null;
  workingDays: { total: number; counted: number; paused: number } | null;
  decisionToHandOver: { seconds: number; workingDays: number } | null;
  rating: { level: string } | null;
  items: { itemCode: string; onTime: boolean | null; workingDays: { total: number; counted: number; paused: number } | null }[];
  [k: string]: unknown;
}

describe('statistics: a case walked with known times, from the ticket to the rating', () => {
  let e: E2E;
  let clerk: string;
  let supervisor: string;
  let caseNo: string;
  let projectCode: string;
  /** a file answer: status, headers and the bytes */
  const download = async (p: string, token: string) => {
    const res = await fetch(`${e.http.base}${p}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
  };
  const clocks = async (services: string[], at: string) => {
    for (const s of services) await setClock(e, s, at);
  };

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    supervisor = await e.http.login('supervisor1');

    // Thursday 2026-11-26, 09:00: a ticket; 09:10 window W01 calls it; 09:20 the application is accepted with it
    await clocks(['intake'], isoAt('2026-11-26', '09:00'));
    const ticket = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage1' });
    expect(ticket.status).toBe(201);
    await clocks(['intake'], isoAt('2026-11-26', '09:10'));
    let called = await e.http.post<{ ticketNo: string }>('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    // tickets of other suites' days do not exist here; but call until ours comes (nobody else queues in this suite)
    while (called.status === 200 && called.body.ticketNo !== ticket.body.ticketNo) called = await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    expect(called.body.ticketNo).toBe(ticket.body.ticketNo);

    await clocks(['intake', 'review'], isoAt('2026-11-26', '09:20'));
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    projectCode = aProjectCode();
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        ticketNo: ticket.body.ticketNo,
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', contact: { name: '李四', idNumber: CONTACT_ID, phone: '13912345678' } },
        project: { code: projectCode, name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    caseNo = accepted.body.caseNo;

    // 09:30: the window calls its next ticket, which finishes ours (nobody else waits: 204)
    await clocks(['intake'], isoAt('2026-11-26', '09:30'));
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk)).status).toBe(204);

    const zrzy = await e.http.login('zrzy1');
    const fgw = await e.http.login('fgw1');
    const taskOf = (token: string) => eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token)).body[0]);
    const zt = await taskOf(zrzy);
    const ft = await taskOf(fgw);
    // Friday 11-27 10:00: FGW decides; ZRZY suspends for a site inspection (11-27 and Monday 11-30 paused)
    await clocks(['intake', 'review'], isoAt('2026-11-27'));
    expect((await e.http.post(`/api/v1/review/tasks/${ft.id}/decide`, { outcome: 'approve', opinion: '符合产业政策，予以核准。' }, fgw)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${zt.id}/suspend`, { procedure: 'site_inspection', reason: '需组织联合踏勘', expectedWorkingDays: 2 }, zrzy)).status).toBe(200);
    // Tuesday 12-01: resumed; Wednesday 12-02 10:00: ZRZY decides, the case is decided
    await clocks(['intake', 'review'], isoAt('2026-12-01'));
    expect((await e.http.post(`/api/v1/review/tasks/${zt.id}/resume`, undefined, zrzy)).status).toBe(200);
    await clocks(['intake', 'review'], isoAt('2026-12-02'));
    expect((await e.http.post(`/api/v1/review/tasks/${zt.id}/decide`, { outcome: 'approve', opinion: '符合用地政策，准予许可。' }, zrzy)).status).toBe(200);
    const certificates = await eventually(async () => {
      const r = await e.http.get<{ status: string; certificates: { id: string }[] }>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' ? r.body.certificates : null;
    });
    // Thursday 12-03 15:00: the contact collects everything; 15:10 rates the service
    await clocks(['intake', 'certificate', 'evaluation'], isoAt('2026-12-03', '15:00'));
    for (const c of certificates) expect((await e.http.post(`/api/v1/certificates/${c.id}/collect`, { collectorName: '李四', collectorIdNumber: CONTACT_ID }, clerk)).status).toBe(200);
    await eventually(async () => (await e.http.get<{ status: string }>(`/api/v1/cases/${caseNo}`, clerk)).body.status === 'delivered');
    await clocks(['intake', 'evaluation'], isoAt('2026-12-03', '15:10'));
    expect((await e.http.post('/api/v1/evaluations', { caseNo, level: 'satisfied', channel: 'pad' }, clerk)).status).toBe(201);
    await eventually(async () => (await e.http.get<{ status: string }>(`/api/v1/cases/${caseNo}`, clerk)).body.status === 'closed');
  });

  afterAll(async () => {
    await e?.stop();
  });

  const timesOf = () =>
    eventually(async () => {
      const r = await e.http.get<CaseTimes>(`/api/v1/statistics/cases/${caseNo}`, supervisor);
      return r.status === 200 && r.body.rating && r.body.decisionToHandOver ? r.body : null;
    });

  it('joins the case: queue wait, window service, working days counted and paused, decision → hand-over', async () => {
    const t = await timesOf();
    expect(t).toMatchObject({
      caseNo,
      projectCode,
      stage: 1,
      windowNo: 'W01',
      acceptedBy: 'clerk1',
      status: 'closed',
      acceptedAt: near(isoAt('2026-11-26', '09:20')),
      decidedAt: near(isoAt('2026-12-02')),
      // 11-27, 11-30, 12-01, 12-02 — of them 11-27 and 11-30 suspended
      workingDays: { total: 4, counted: 2, paused: 2 },
      handedOverAt: near(isoAt('2026-12-03', '15:00')),
      decisionToHandOver: { workingDays: 1 },
      rating: { level: 'satisfied', channel: 'pad' },
    });
    // the test clock runs on from where it is set: the durations are the set ones give or take the seconds the steps took
    expect(about(t.queueWaitSeconds, 10 * 60)).toBe(true);
    expect(about(t.windowServiceSeconds, 20 * 60)).toBe(true);
    expect(about(t.decisionToHandOver?.seconds ?? null, 29 * 3600)).toBe(true);
    expect(Object.fromEntries(t.items.map((i) => [i.itemCode, [i.onTime, i.workingDays]]))).toEqual({
      'FGW-002': [true, { total: 1, counted: 1, paused: 0 }],
      'ZRZY-001': [true, { total: 4, counted: 2, paused: 2 }],
    });
    // only supervision and administration
    expect((await e.http.get(`/api/v1/statistics/cases/${caseNo}`, clerk)).status).toBe(403);
  });

  it('counts volumes and the on-time rate for the period, and says it is not behind', async () => {
    await timesOf();
    const r = await e.http.get<{
      volumes: { byStage: unknown[]; byWindow: unknown[]; byDay: unknown[] };
      timeliness: { byDepartment: { key: string; decided: number; onTimeRate: number; avgCountedWorkingDays: number; avgPausedWorkingDays: number }[] };
      pauses: unknown[];
      satisfaction: { byWindow: unknown[] };
      feed: { behind: number; rebuilding: boolean };
    }>('/api/v1/statistics/summary?from=2026-11-26&to=2026-12-03', supervisor);
    expect(r.status).toBe(200);
    expect(r.body.volumes.byStage).toEqual([{ key: '1', accepted: 1, decided: 1, handedOver: 1 }]);
    expect(r.body.volumes.byWindow).toEqual([{ key: 'W01', tickets: 1, accepted: 1, decided: 1, handedOver: 1 }]);
    expect(r.body.volumes.byDay).toEqual([
      { key: '2026-11-26', tickets: 1, accepted: 1, decided: 0, handedOver: 0 },
      { key: '2026-12-02', tickets: 0, accepted: 0, decided: 1, handedOver: 0 },
      { key: '2026-12-03', tickets: 0, accepted: 0, decided: 0, handedOver: 1 },
    ]);
    expect(r.body.timeliness.byDepartment.map((d) => [d.key, d.decided, d.onTimeRate, d.avgCountedWorkingDays, d.avgPausedWorkingDays])).toEqual([
      ['FGW', 1, 1, 1, 0],
      ['ZRZY', 1, 1, 2, 2],
    ]);
    expect(r.body.pauses).toEqual([{ kind: 'special_procedure', procedure: 'site_inspection', count: 1, ended: 1, workingDays: 2, avgWorkingDays: 2 }]);
    expect(r.body.satisfaction.byWindow).toEqual([expect.objectContaining({ key: 'W01', ratings: 1, avgScore: 4 })]);
    const st = await eventually(async () => ((s) => (s.behind === 0 ? s : null))((await e.http.get<{ behind: number; lastAppliedSequence: number }>('/api/v1/statistics/status', supervisor)).body));
    expect(st.lastAppliedSequence).toBeGreaterThan(0);
    // a period before: nothing; a period the wrong way round: 400
    expect((await e.http.get<{ volumes: { byStage: unknown[] } }>('/api/v1/statistics/summary?from=2026-01-01&to=2026-11-25', supervisor)).body.volumes.byStage).toEqual([]);
    expect((await e.http.get('/api/v1/statistics/summary?from=2026-12-03&to=2026-11-26', supervisor)).status).toBe(400);
    expect((await e.http.get('/api/v1/statistics/summary?from=yesterday', supervisor)).status).toBe(400);
  });

  it('shows the project across the four stages, masked, and refuses a reviewer', async () => {
    await timesOf();
    const r = await e.http.get<{
      projectCode: string;
      current: { stage: number; state: string };
      stages: { stage: number; stageName: string; state: string; cases: { caseNo: string; applicant: { name: string }; tasks: { itemCode: string; state: string }[]; documents: unknown[]; rating: { level: string } | null }[] }[];
    }>(`/api/v1/projects/${projectCode}`, clerk);
    expect(r.status).toBe(200);
    expect(r.body.stages.map((s) => [s.stage, s.stageName, s.state])).toEqual([
      [1, '立项用地规划许可', 'completed'],
      [2, '工程建设许可', 'not_started'],
      [3, '施工许可', 'not_started'],
      [4, '竣工验收', 'not_started'],
    ]);
    expect(r.body.current).toMatchObject({ stage: 1, state: 'completed' });
    const c = r.body.stages[0]?.cases[0];
    expect(c?.caseNo).toBe(caseNo);
    expect(c?.tasks.map((t) => [t.itemCode, t.state])).toEqual([
      ['FGW-002', 'decided'],
      ['ZRZY-001', 'decided'],
    ]);
    expect(c?.documents.length).toBeGreaterThanOrEqual(2);
    expect(c?.rating?.level).toBe('satisfied');
    expect(JSON.stringify(r.body)).not.toContain('13912345678');
    expect(JSON.stringify(r.body)).not.toContain(CONTACT_ID);
    expect((await e.http.get(`/api/v1/projects/${projectCode}`, await e.http.login('zrzy1'))).status).toBe(403);
    expect((await e.http.get('/api/v1/projects/NO-SUCH-PROJECT', clerk)).status).toBe(404);
  });

  it('exports the joined times as CSV and the timeliness as XLSX with Chinese headers', async () => {
    await timesOf();
    const csv = await download(`/api/v1/statistics/export?report=cases&format=csv&from=2026-11-26&to=2026-11-26`, supervisor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder().decode(csv.body).replace(/^\uFEFF/, '');
    const [header, row] = text.split('\r\n');
    expect(header?.split(',')[0]).toBe('办件编号');
    expect(row).toContain(`${caseNo},${projectCode}`);
    const cells = row?.split(',') ?? [];
    expect(about(Number(cells[9]), 600)).toBe(true);
    expect(about(Number(cells[10]), 1200)).toBe(true);
    expect(cells.slice(11, 20).map((c, i) => ([0, 1, 5].includes(i) ? c.slice(0, 17) : i === 7 ? String(about(Number(c), 104400)) : c))).toEqual([
      '2026-11-26 09:20:',
      '2026-12-02 10:00:',
      '4',
      '2',
      '2',
      '2026-12-03 15:00:',
      '1',
      'true',
      '满意',
    ]);

    const xlsx = await download('/api/v1/statistics/export?report=timeliness&format=xlsx', supervisor);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('statistics-timeliness');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body) as never);
    const ws = wb.getWorksheet('按时办结统计');
    expect(ws?.getRow(1).getCell(6).value).toBe('按时办结率（%）');
    const rows = [2, 3, 4, 5].map((n) => ws?.getRow(n)).filter((x) => x?.getCell(1).value === '部门');
    expect(rows.map((x) => [x?.getCell(2).value, x?.getCell(6).value, x?.getCell(7).value])).toEqual([
      ['FGW', 100, 1],
      ['ZRZY', 100, 2],
    ]);
    expect((await e.http.get('/api/v1/statistics/export?report=nothing&format=csv', supervisor)).status).toBe(400);
  });

  it('rebuilds the read model from the stream and answers the same', async () => {
    const before = await timesOf();
    const r = await e.http.post<{ rebuilding: boolean; upToSequence: number }>('/api/v1/statistics/rebuild', undefined, supervisor);
    expect(r.status).toBe(202);
    await eventually(async () => {
      const s = (await e.http.get<{ rebuilding: boolean; rebuiltUpToSequence: number | null }>('/api/v1/statistics/status', supervisor)).body;
      return !s.rebuilding && s.rebuiltUpToSequence === r.body.upToSequence;
    });
    expect(await timesOf()).toEqual(before);
  });
});
