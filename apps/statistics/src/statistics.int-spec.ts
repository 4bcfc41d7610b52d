import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { AppError, Events, Rpc, type CalendarSnapshot, type EvaluationSubmittedV1, type EventDef, type RatingLevel, type StatisticsFeedStatus } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCaseAccepted, aCaseItem, eventually, fakeRpcService, isoAt, publishTestEvent, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { StatisticsEnv } from './config.js';
import { StatisticsModule } from './app.module.js';

/** 2025 with National Day and Mid-Autumn 10-01…10-08 off, 09-28 and 10-11 make-up working days. */
const CALENDAR: CalendarSnapshot = {
  version: 1,
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};

const SUPERVISOR = { username: 'sup1', roles: ['supervisor' as const] };

describe('statistics read model (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  const db = () => app.get(DataSource);
  const pub = <P>(def: EventDef<P>, data: P, occurredAt: string, id?: string) => publishTestEvent(infra.natsUrl, def, data, { occurredAt, source: 'test', ...(id ? { id, msgId: randomUUID() } : {}) });
  const status = () => rpc.request(Rpc.statistics.status, {}, { actor: SUPERVISOR });
  /** the read model has applied everything the stream holds */
  const caughtUp = () => eventually(async () => ((s: StatisticsFeedStatus) => (s.behind === 0 && !s.rebuilding ? s : null))(await status()));

  const caseNo = `411523-2025-${String(process.pid).padStart(6, '0')}`;
  const accepted = aCaseAccepted(caseNo, '2025-09-25', [
    aCaseItem('ZRZY-001', ['ZRZY', '自然资源局'], 10, '2025-10-15'),
    aCaseItem('FGW-002', ['FGW', '发展改革委'], 5, '2025-10-09'),
  ]);
  accepted.acceptedAt = isoAt('2025-09-25', '09:35');
  const ticketId = randomUUID();
  const t1 = randomUUID();
  const t2 = randomUUID();
  const certificateId = randomUUID();
  const evaluationId = randomUUID();
  const evaluationEventId = randomUUID();

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => CALENDAR, 'admin');
    const env = loadEnv(StatisticsEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2026-09-30')) });
    app = await runService('statistics', env, StatisticsModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);

    // the whole walk of one case, as the services publish it, with known times (China: UTC+8)
    const day = '2025-09-25';
    await pub(Events.ticketIssued, { ticketId, ticketNo: 'A001', day, category: 'comprehensive', issuedAt: isoAt(day, '09:00') }, isoAt(day, '09:00'));
    await pub(Events.ticketCalled, { ticketId, ticketNo: 'A001', day, category: 'comprehensive', windowNo: 'W01', calledBy: 'clerk1', callCount: 1, calledAt: isoAt(day, '09:12') }, isoAt(day, '09:12'));
    await pub(Events.ticketLinked, { ticketId, ticketNo: 'A001', day, applicationId: accepted.applicationId, linkedAt: isoAt(day, '09:20') }, isoAt(day, '09:20'));
    await pub(Events.caseAccepted, accepted, accepted.acceptedAt);
    await pub(Events.ticketFinished, { ticketId, ticketNo: 'A001', day, outcome: 'done', windowNo: 'W01', finishedAt: isoAt(day, '09:40') }, isoAt(day, '09:40'));
    await pub(
      Events.tasksCreated,
      {
        caseNo,
        tasks: [
          { taskId: t1, itemCode: 'ZRZY-001', departmentCode: 'ZRZY', dueDate: '2025-10-15' },
          { taskId: t2, itemCode: 'FGW-002', departmentCode: 'FGW', dueDate: '2025-10-09' },
        ],
      },
      isoAt(day, '09:36'),
    );
    // ZRZY suspends Fri 09-26 for a site inspection, resumes Tue 09-30: 09-26, 09-28 (make-up), 09-29 paused
    await pub(
      Events.taskSuspended,
      { taskId: t1, caseNo, itemCode: 'ZRZY-001', departmentCode: 'ZRZY', kind: 'special_procedure', procedure: 'site_inspection', reason: '联合踏勘', expectedWorkingDays: 3, at: isoAt('2025-09-26') },
      isoAt('2025-09-26'),
    );
    await pub(Events.taskResumed, { taskId: t1, caseNo, departmentCode: 'ZRZY', dueDate: '2025-10-20', at: isoAt('2025-09-30') }, isoAt('2025-09-30'));
    await pub(Events.taskDecided, { taskId: t2, caseNo, itemCode: 'FGW-002', departmentCode: 'FGW', outcome: 'approve', opinion: '同意', decidedBy: 'fgw1', decidedAt: isoAt('2025-10-09') }, isoAt('2025-10-09'));
    await pub(Events.taskDecided, { taskId: t1, caseNo, itemCode: 'ZRZY-001', departmentCode: 'ZRZY', outcome: 'approve', opinion: '同意', decidedBy: 'zrzy1', decidedAt: isoAt('2025-10-11') }, isoAt('2025-10-11'));
    await pub(
      Events.caseDecided,
      { caseNo, decidedAt: isoAt('2025-10-11', '10:05'), applicant: accepted.applicant, project: accepted.project, results: [] },
      isoAt('2025-10-11', '10:05'),
    );
    await pub(
      Events.certificatesIssued,
      { caseNo, certificates: [{ id: certificateId, no: '411523-2025-YD-0001', type: 'LAND_PLANNING_PERMIT', typeName: '建设用地规划许可证', itemCode: 'ZRZY-001', verifyCode: 'K7M2Q9XW4RTB', role: 'result' }], issuedAt: isoAt('2025-10-11', '10:10') },
      isoAt('2025-10-11', '10:10'),
    );
    await pub(Events.certificateCollected, { caseNo, certificateId, no: '411523-2025-YD-0001', collectedAt: isoAt('2025-10-13', '15:00'), collectedBy: '王五', allDelivered: true }, isoAt('2025-10-13', '15:00'));
    await pub(Events.evaluationSubmitted, { evaluationId, caseNo, level: 'satisfied', channel: 'pad', submittedAt: isoAt('2025-10-13', '15:05') }, isoAt('2025-10-13', '15:05'), evaluationEventId);
    await caughtUp();
  });

  afterAll(async () => {
    await nc?.drain();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('joins the case from the ticket to the rating, with the times the events carry', async () => {
    const c = await rpc.request(Rpc.statistics.caseTimes, { caseNo }, { actor: SUPERVISOR });
    expect(c).toMatchObject({
      caseNo,
      stage: 1,
      windowNo: 'W01',
      acceptedBy: 'clerk1',
      ticket: { ticketNo: 'A001', day: '2025-09-25', calledBy: 'clerk1', windowNo: 'W01' },
      queueWaitSeconds: 12 * 60,
      windowServiceSeconds: 28 * 60,
      acceptedAt: isoAt('2025-09-25', '09:35'),
      decidedAt: isoAt('2025-10-11', '10:05'),
      // 09-26, 09-28, 09-29, 09-30, 10-09, 10-10, 10-11: 7 working days, 3 of them suspended
      workingDays: { total: 7, counted: 4, paused: 3 },
      handedOverAt: isoAt('2025-10-13', '15:00'),
      // Saturday 10-11 10:05 → Monday 10-13 15:00: one working day (the Monday)
      decisionToHandOver: { seconds: 2 * 86400 + 4 * 3600 + 55 * 60, workingDays: 1 },
      rating: { level: 'satisfied', channel: 'pad' },
    });
    const zrzy = c.items.find((i) => i.itemCode === 'ZRZY-001');
    expect(zrzy).toMatchObject({ dueDate: '2025-10-20', onTime: true, workingDays: { total: 7, counted: 4, paused: 3 }, outcome: 'approve', decidedBy: 'zrzy1' });
    expect(zrzy?.pauses).toEqual([{ kind: 'special_procedure', procedure: 'site_inspection', from: isoAt('2025-09-26'), to: isoAt('2025-09-30'), workingDays: 3 }]);
    expect(c.items.find((i) => i.itemCode === 'FGW-002')).toMatchObject({ dueDate: '2025-10-09', onTime: true, workingDays: { total: 5, counted: 5, paused: 0 } });
    // the applicant is an enterprise: no phone kept anywhere in the read model
    const rows = (await db().query(`SELECT * FROM case_fact WHERE case_no = $1`, [caseNo])) as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(accepted.applicant.phone);
  });

  it('sums volumes, timeliness, pauses and satisfaction for a period in China days', async () => {
    const s = await rpc.request(Rpc.statistics.summary, { from: '2025-09-01', to: '2025-10-31' }, { actor: SUPERVISOR });
    expect(s.volumes.byStage).toEqual([{ key: '1', accepted: 1, decided: 1, handedOver: 1 }]);
    expect(s.volumes.byDepartment.map((r) => [r.key, r.accepted, r.decided])).toEqual([
      ['FGW', 1, 1],
      ['ZRZY', 1, 1],
    ]);
    expect(s.volumes.byWindow).toEqual([{ key: 'W01', tickets: 1, accepted: 1, decided: 1, handedOver: 1 }]);
    expect(s.volumes.byDay).toEqual([
      { key: '2025-09-25', tickets: 1, accepted: 1, decided: 0, handedOver: 0 },
      { key: '2025-10-11', tickets: 0, accepted: 0, decided: 1, handedOver: 0 },
      { key: '2025-10-13', tickets: 0, accepted: 0, decided: 0, handedOver: 1 },
    ]);
    expect(s.timeliness.byDepartment).toEqual([
      { key: 'FGW', name: '发展改革委', decided: 1, onTime: 1, onTimeRate: 1, avgCountedWorkingDays: 5, avgPausedWorkingDays: 0 },
      { key: 'ZRZY', name: '自然资源局', decided: 1, onTime: 1, onTimeRate: 1, avgCountedWorkingDays: 4, avgPausedWorkingDays: 3 },
    ]);
    expect(s.pauses).toEqual([{ kind: 'special_procedure', procedure: 'site_inspection', count: 1, ended: 1, workingDays: 3, avgWorkingDays: 3 }]);
    expect(s.satisfaction.byWindow).toEqual([{ key: 'W01', ratings: 1, levels: { very_satisfied: 0, satisfied: 1, basic: 0, dissatisfied: 0, very_dissatisfied: 0 }, avgScore: 4, satisfiedRate: 1, bad: 0 }]);
    expect(s.satisfaction.byDepartment.map((r) => r.key)).toEqual(['FGW', 'ZRZY']);
    // a period before the case: nothing
    const before = await rpc.request(Rpc.statistics.summary, { from: '2025-01-01', to: '2025-09-24' }, { actor: SUPERVISOR });
    expect(before.volumes.byStage).toEqual([]);
    expect(before.timeliness.byItem).toEqual([]);
    // a period the wrong way round
    const err = await rpc.request(Rpc.statistics.summary, { from: '2025-10-01', to: '2025-09-01' }, { actor: SUPERVISOR }).catch((e: unknown) => e as AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
  });

  it('ignores an event delivered again (same id), and says how far it is', async () => {
    const before = await caughtUp();
    // the rating's event again under the same id, another level: JetStream keeps it (another msg id), the inbox skips it
    await pub(Events.evaluationSubmitted, { evaluationId, caseNo, level: 'very_dissatisfied', channel: 'pad', submittedAt: isoAt('2025-10-13', '15:05') }, isoAt('2025-10-13', '15:05'), evaluationEventId);
    const after = await eventually(async () => ((s) => (s.lastAppliedSequence > before.lastAppliedSequence && s.behind === 0 ? s : null))(await status()));
    expect(after.lastAppliedSequence).toBe(after.streamLastSequence);
    expect(after.lastAppliedOccurredAt).toBe(isoAt('2025-10-13', '15:05'));
    expect(after.lastAppliedSubject).toBe(Events.evaluationSubmitted.subject);
    const c = await rpc.request(Rpc.statistics.caseTimes, { caseNo }, { actor: SUPERVISOR });
    expect(c.rating?.level).toBe('satisfied');
    const [{ applied }] = (await db().query(`SELECT applied::int AS applied FROM feed_position`)) as { applied: number }[];
    expect(applied).toBe(before.lastAppliedSequence); // every event before was applied once; the duplicate not at all
  });

  it('passes over the events it does not take (audit facts) without an inbox row, and still counts them as seen', async () => {
    const before = await caughtUp();
    const auditId = randomUUID();
    const at = isoAt('2025-10-13', '15:06');
    await pub(
      Events.intakeAuditRecorded,
      { facts: [{ id: randomUUID(), at, actor: 'clerk1', roles: ['clerk'], clientAddress: '127.0.0.1', action: 'yc.rpc.intake.application.accept.v1', outcome: 'ok', correlationId: randomUUID() }] },
      at,
      auditId,
    );
    const after = await eventually(async () => ((s) => (s.lastAppliedSequence > before.lastAppliedSequence && s.behind === 0 ? s : null))(await status()));
    expect(after.lastAppliedSubject).toBe(Events.intakeAuditRecorded.subject);
    expect(await db().query(`SELECT 1 FROM processed_event WHERE event_id = $1`, [auditId])).toEqual([]);
    // a read model event still gets its inbox row
    expect(await db().query(`SELECT 1 FROM processed_event WHERE event_id = $1`, [evaluationEventId])).toHaveLength(1);
  });

  it('rebuilds the same read model from the stream on demand', async () => {
    const before = await rpc.request(Rpc.statistics.caseTimes, { caseNo }, { actor: SUPERVISOR });
    const summaryBefore = await rpc.request(Rpc.statistics.summary, {}, { actor: SUPERVISOR });
    // something only a rebuild would remove: a row no event made
    await db().query(`INSERT INTO rating_fact (evaluation_id, case_no, level, channel, submitted_at) VALUES ($1, 'NO-SUCH-CASE', 'basic', 'pad', $2)`, [randomUUID(), isoAt('2025-10-13')]);
    const reply = await rpc.request(Rpc.statistics.rebuild, {}, { actor: SUPERVISOR });
    expect(reply.rebuilding).toBe(true);
    const done = await eventually(async () => ((s) => (!s.rebuilding && s.rebuiltUpToSequence === reply.upToSequence ? s : null))(await status()));
    expect(done.behind).toBe(0);
    expect(await db().query(`SELECT 1 FROM rating_fact WHERE case_no = 'NO-SUCH-CASE'`)).toEqual([]);
    expect(await rpc.request(Rpc.statistics.caseTimes, { caseNo }, { actor: SUPERVISOR })).toEqual(before);
    const summaryAfter = await rpc.request(Rpc.statistics.summary, {}, { actor: SUPERVISOR });
    expect({ ...summaryAfter, feed: null }).toEqual({ ...summaryBefore, feed: null });
    // and the live feed goes on after it
    const late = aCaseAccepted(`${caseNo}-2`, '2025-10-14', [aCaseItem('ZRZY-001', ['ZRZY', '自然资源局'], 10, '2025-10-28')]);
    late.project = accepted.project;
    late.stage = 2;
    await pub(Events.caseAccepted, late, late.acceptedAt);
    await eventually(() => rpc.request(Rpc.statistics.caseTimes, { caseNo: late.caseNo }, { actor: SUPERVISOR }).catch(() => null));
  });

  it('shows the project across the four stages, where it stands now', async () => {
    const p = await eventually(async () => ((v) => (v.stages[1]?.cases.length === 1 ? v : null))(await rpc.request(Rpc.statistics.project, { projectCode: accepted.project.code }, { actor: SUPERVISOR })));
    expect(p.stages.map((s) => [s.stage, s.stageName, s.state])).toEqual([
      [1, '立项用地规划许可', 'completed'],
      [2, '工程建设许可', 'in_progress'],
      [3, '施工许可', 'not_started'],
      [4, '竣工验收', 'not_started'],
    ]);
    expect(p.current).toEqual({ stage: 2, stageName: '工程建设许可', state: 'in_progress', stateText: '办理中' });
    const first = p.stages[0]?.cases[0];
    expect(first?.tasks.map((t) => [t.itemCode, t.state, t.outcome])).toEqual([
      ['FGW-002', 'decided', 'approve'],
      ['ZRZY-001', 'decided', 'approve'],
    ]);
    expect(first?.documents).toEqual([expect.objectContaining({ certificateId, no: '411523-2025-YD-0001', standing: 'valid', handedOverAt: isoAt('2025-10-13', '15:00') })]);
    expect(first?.rating?.level).toBe('satisfied');
    expect(p.stages[0]?.applications).toEqual([{ applicationId: accepted.applicationId, caseNo }]);
    const missing = await rpc.request(Rpc.statistics.project, { projectCode: 'NO-SUCH-PROJECT' }, { actor: SUPERVISOR }).catch((e: unknown) => e as AppError);
    expect((missing as AppError).code).toBe('NOT_FOUND');
  });

  it('refuses a request straight over NATS from a role outside supervision (and a clerk only the project view)', async () => {
    const reviewer = { username: 'zrzy1', roles: ['reviewer' as const], department: 'ZRZY' };
    const clerk = { username: 'clerk1', roles: ['clerk' as const], window: 'W01' };
    const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e as AppError).code);
    expect(await codeOf(rpc.request(Rpc.statistics.summary, {}, { actor: reviewer }))).toBe('FORBIDDEN');
    expect(await codeOf(rpc.request(Rpc.statistics.rebuild, {}, { actor: clerk }))).toBe('FORBIDDEN');
    expect(await codeOf(rpc.request(Rpc.statistics.status, {}))).toBe('UNAUTHORIZED');
    expect(await codeOf(rpc.request(Rpc.statistics.project, { projectCode: accepted.project.code }, { actor: reviewer }))).toBe('FORBIDDEN');
    expect(await codeOf(rpc.request(Rpc.statistics.project, { projectCode: accepted.project.code }, { actor: clerk }))).toBe('OK');
  });

  it('exports a table as CSV and as XLSX with Chinese headers', async () => {
    const csv = await rpc.request(Rpc.statistics.exportReport, { report: 'cases', format: 'csv', from: '2025-09-25', to: '2025-09-25' }, { actor: SUPERVISOR });
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    const [header, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['办件编号', '项目代码', '项目名称']);
    expect(row).toContain(`${caseNo},${accepted.project.code}`);
    expect(row).toContain(',720,1680,2025-09-25 09:35:00,2025-10-11 10:05:00,7,4,3,');
    const xlsx = await rpc.request(Rpc.statistics.exportReport, { report: 'timeliness', format: 'xlsx' }, { actor: SUPERVISOR });
    expect(xlsx.filename).toBe('statistics-timeliness-start_now.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as never);
    const ws = wb.getWorksheet('按时办结统计');
    expect(ws?.getRow(1).getCell(6).value).toBe('按时办结率（%）');
    const zrzy = [2, 3, 4, 5].map((n) => ws?.getRow(n)).find((r) => r?.getCell(1).value === '部门' && r.getCell(2).value === 'ZRZY');
    expect([zrzy?.getCell(4).value, zrzy?.getCell(6).value, zrzy?.getCell(7).value, zrzy?.getCell(8).value]).toEqual([1, 100, 4, 3]);
  });

  it('keeps a rating per service event (一次一评), each counted for its own window, staff member, department and item', async () => {
    const rate = (level: RatingLevel, at: string, extra: Partial<EvaluationSubmittedV1>) =>
      pub(Events.evaluationSubmitted, { evaluationId: randomUUID(), caseNo, level, channel: 'sms', submittedAt: at, serviceEventId: randomUUID(), ...extra }, at);
    await rate('very_satisfied', isoAt('2025-11-03', '10:00'), { kind: 'acceptance', windowNo: 'W01', staff: 'clerk1' });
    await rate('dissatisfied', isoAt('2025-11-04', '10:00'), { kind: 'decision', windowNo: 'W01', staff: 'zrzy1', departmentCode: 'ZRZY', itemCode: 'ZRZY-001', bad: true });
    await rate('satisfied', isoAt('2025-11-05', '10:00'), { kind: 'handover', windowNo: 'P01', staff: 'pickup1', defaulted: true });
    await caughtUp();
    const s = await rpc.request(Rpc.statistics.summary, { from: '2025-11-01', to: '2025-11-30' }, { actor: SUPERVISOR });
    const keyed = (rows: { key: string; ratings: number; bad: number }[]) => rows.map((r) => [r.key, r.ratings, r.bad]);
    expect(keyed(s.satisfaction.byWindow)).toEqual([
      ['P01', 1, 0],
      ['W01', 2, 1],
    ]);
    expect(keyed(s.satisfaction.byStaff)).toEqual([
      ['clerk1', 1, 0],
      ['pickup1', 1, 0],
      ['zrzy1', 1, 1],
    ]);
    // the department's and the item's: only the decision (受理 and 领证 are the hall's)
    expect(keyed(s.satisfaction.byDepartment)).toEqual([['ZRZY', 1, 1]]);
    expect(keyed(s.satisfaction.byItem)).toEqual([['ZRZY-001', 1, 1]]);
    const c = await rpc.request(Rpc.statistics.caseTimes, { caseNo }, { actor: SUPERVISOR });
    expect(c.rating?.level).toBe('satisfied');
    expect(c.ratings.map((r) => [r.kind, r.level, r.windowNo, r.departmentCode, r.defaulted])).toEqual([
      [null, 'satisfied', null, null, false],
      ['acceptance', 'very_satisfied', 'W01', null, false],
      ['decision', 'dissatisfied', 'W01', 'ZRZY', false],
      ['handover', 'satisfied', 'P01', null, true],
    ]);
  });
});
