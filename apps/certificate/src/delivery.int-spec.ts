/**
 * Delivery of result documents (领证, 免费寄递) on the real certificate module, real PostgreSQL and NATS, and the
 * local EMS stub (libs/testing): who may collect, authorisations, hand-over records, the pick-up desk and its
 * reminder, Art. 44's clock, mailing with signed requests and retries, tracking by signed callback and by poll,
 * returned and refused mail, and recovery of a shipment the post made while we never recorded its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  Events,
  Rpc,
  type Actor,
  type CalendarSnapshot,
  type CaseDecidedV1,
  type CertificateView,
  type EmsWebhookRequest,
  type HandoverView,
} from '@yichuang/contracts';
import { makeResidentId, RESULT_DOCUMENT_RULES, type ResultDocumentType } from '@yichuang/domain';
import { Clock, loadEnv, runService, signedHeaders, type RpcClient } from '@yichuang/platform';
import {
  aCreditCode,
  aPhone,
  aProjectCode,
  eventually,
  fakeRpcService,
  isoAt,
  publishTestEvent,
  readEvents,
  serviceClockAt,
  startEmsStub,
  startTestInfra,
  TEST_PII_ENV,
  testRpcClient,
  type EmsStub,
  type StubTrackingEvent,
  type TestInfra,
} from '@yichuang/testing';
import { CertificateModule } from './app.module.js';
import { CertificateEnv } from './config.js';
import { DeliverySweep } from './deadline/delivery-sweep.js';

const clerk: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };
const supervisor: Actor = { username: 'jc1', roles: ['supervisor'] };

/** 2025 National Day and Mid-Autumn: Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked. 2026–2027: provisional. */
const CALENDAR: CalendarSnapshot = {
  version: 1,
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};
/** Friday 2025-09-26, 10:00 in China: ten working days later (Art. 44) is Thursday 2025-10-16. */
const DECIDED_AT = isoAt('2025-09-26');

let idSeq = 0;
const anId = () => makeResidentId(`41152319850101${String(++idSeq % 1000).padStart(3, '0')}`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Result = CaseDecidedV1['results'][number];
const approve = (itemCode: string, departmentCode: string, type: string, name: string): Result => ({ itemCode, itemName: `${name}核发`, departmentCode, outcome: 'approve', resultDocument: { type, name } });
const LAND = approve('ZRZY-002', 'ZRZY', 'LAND_PLANNING_PERMIT', '建设用地规划许可证');
const EIA = approve('STHJ-001', 'STHJ', 'EIA_APPROVAL', '环境影响报告书批复');

describe('delivery of result documents (real PostgreSQL + NATS + EMS stub)', () => {
  let infra: TestInfra;
  let stub: EmsStub;
  let nc: NatsConnection;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let ds: DataSource;
  let caseSeq = 0;

  const enterprise = () => ({
    kind: 'enterprise' as const,
    name: '新县城投建设有限公司',
    idNumber: aCreditCode(),
    phone: aPhone(),
    legalRepresentative: { name: '王建国', idNumber: anId() },
    contact: { name: '李四', idNumber: anId(), phone: aPhone() },
  });
  const decided = (results: Result[], applicant: CaseDecidedV1['applicant'] = enterprise(), delivery?: CaseDecidedV1['delivery']): CaseDecidedV1 => ({
    caseNo: `D-2025-${String(++caseSeq).padStart(6, '0')}-${randomUUID().slice(0, 4)}`,
    decidedAt: DECIDED_AT,
    applicant,
    project: { code: aProjectCode(2025), name: '新县城北安置小区', location: '新县新集镇' },
    results,
    ...(delivery ? { delivery } : {}),
  });
  /** how many documents a decision gives: a licence comes with its written grant decision, a refusal is its decision */
  const documentsOf = (data: CaseDecidedV1) =>
    data.results.reduce((n, r) => n + (r.outcome === 'approve' && RESULT_DOCUMENT_RULES[r.resultDocument.type as ResultDocumentType].separateGrantDecision ? 2 : 1), 0);
  /** publish a decision and wait until its documents are issued and its parties known */
  const issue = async (data: CaseDecidedV1): Promise<CertificateView[]> => {
    await publishTestEvent(rpcUrl(), Events.caseDecided, data, { occurredAt: DECIDED_AT });
    return eventually(async () => {
      const certs = await rpc.request(Rpc.certificate.listByCase, { caseNo: data.caseNo });
      const [parties] = (await ds.query(`SELECT 1 FROM case_delivery WHERE case_no = $1`, [data.caseNo])) as unknown[];
      return certs.length === documentsOf(data) && parties ? certs : null;
    });
  };
  const rpcUrl = () => infra.natsUrl;
  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };
  const setToday = (date: string) => app.get(Clock).set(new Date(isoAt(date)));
  const events = async <P>(def: Parameters<typeof readEvents<P>>[1], caseNo: string) =>
    (await readEvents(infra.natsUrl, def)).filter((e) => (e.data as { caseNo?: string }).caseNo === caseNo);
  /** a tracking callback signed as the post signs it */
  const callback = (evs: StubTrackingEvent[], tamper: { nonce?: string; secret?: string; timestampMs?: number } = {}): EmsWebhookRequest => {
    const body = JSON.stringify({ events: evs });
    const nonce = tamper.nonce ?? randomUUID().replace(/-/g, '');
    const h = signedHeaders(stub.appKey, tamper.secret ?? stub.secret, body, tamper.timestampMs ?? new Clock().now().getTime(), nonce);
    return { body, appKey: h['x-app-key'] ?? '', timestamp: h['x-timestamp'] ?? '', nonce, signature: h['x-signature'] ?? '' };
  };
  const shipmentsOf = (caseNo: string) => rpc.request(Rpc.certificate.listShipments, { caseNo }, { actor: clerk });

  beforeAll(async () => {
    infra = await startTestInfra();
    stub = await startEmsStub();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => CALENDAR, 'admin');
    await nc.flush();
    const env = loadEnv(CertificateEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'error',
      INSTANCE_ID: 'certificate-delivery',
      ...serviceClockAt(isoAt('2025-09-26', '11:00')),
      ...TEST_PII_ENV,
      EMS_PROVIDER: 'http',
      EMS_BASE_URL: stub.url,
      EMS_APP_KEY: stub.appKey,
      EMS_APP_SECRET: stub.secret,
      EMS_RETRY_BASE_MS: '20',
      EMS_TIMEOUT_MS: '2000',
      EMS_SWEEP_MS: '200',
      EMS_REQUEST_LEASE_MS: '60000',
      EMS_POLL_AFTER_MS: '3600000',
      DELIVERY_SWEEP_MS: '3600000',
    });
    app = await runService('certificate', env, CertificateModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await stub?.close();
    await infra?.stop();
  });

  describe('pick-up (领证) with the identity checked', () => {
    let data: CaseDecidedV1;
    let land: CertificateView;
    let landDecision: CertificateView;
    let eia: CertificateView;

    beforeAll(async () => {
      data = decided([LAND, EIA]);
      const certs = await issue(data);
      land = certs.find((c) => c.itemCode === LAND.itemCode && c.role === 'result') as CertificateView;
      landDecision = certs.find((c) => c.itemCode === LAND.itemCode && c.role === 'grant_decision') as CertificateView;
      eia = certs.find((c) => c.itemCode === EIA.itemCode) as CertificateView;
    });

    it('refuses anyone else with COLLECTOR_NOT_AUTHORISED, saying in Chinese why for every capacity, and changes nothing', async () => {
      const stranger = anId();
      const err = await failure(rpc.request(Rpc.certificate.collect, { id: land.id, collectorName: '路人甲', collectorIdNumber: stranger }, { actor: clerk }));
      expect(err.code).toBe('COLLECTOR_NOT_AUTHORISED');
      expect(err.status).toBe(403);
      expect(err.details.map((d) => `${String(d['capacity'])}:${String(d['reason'])}`)).toEqual([
        'holder:holder_is_enterprise',
        'legal_representative:not_legal_representative',
        'contact:not_contact',
        'authorised_agent:no_authorisation',
      ]);
      expect(err.details[0]?.['reasonText']).toBe('持证人本人：持证人为企业，须由法定代表人、申请联系人或在窗口登记授权委托的委托代理人领取');
      expect(JSON.stringify(err.details)).not.toContain(stranger);
      expect(JSON.stringify(err.details)).not.toContain(data.applicant.legalRepresentative?.idNumber ?? 'x');
      expect((await rpc.request(Rpc.certificate.listByCase, { caseNo: data.caseNo })).every((c) => c.status === 'issued')).toBe(true);
      // the right ID number under another name is not the legal representative either
      const renamed = await failure(
        rpc.request(Rpc.certificate.collect, { id: land.id, collectorName: '王建', collectorIdNumber: data.applicant.legalRepresentative?.idNumber ?? '' }, { actor: clerk }),
      );
      expect(renamed.details.map((d) => d['reason'])).toContain('name_mismatch');
    });

    it('hands a document to the recorded legal representative, keeping the hand-over record with the signature hash only', async () => {
      const signature = Buffer.from('fake PNG bytes of a signature pad');
      const v = await rpc.request(
        Rpc.certificate.collect,
        { id: land.id, collectorName: '王建国', collectorIdNumber: data.applicant.legalRepresentative?.idNumber ?? '', signatureImageBase64: signature.toString('base64') },
        { actor: clerk },
      );
      expect(v).toMatchObject({ id: land.id, status: 'collected', collectorName: '王建国', collectorCapacity: 'legal_representative', collectedBy: 'clerk1' });
      expect(v.collectorIdNumber).toContain('*');
      const h = await rpc.request(Rpc.certificate.getHandover, { id: v.handoverId ?? '' }, { actor: clerk });
      expect(h).toMatchObject({
        caseNo: data.caseNo,
        holderName: '新县城投建设有限公司',
        project: { code: data.project.code, name: data.project.name },
        collectorName: '王建国',
        capacity: 'legal_representative',
        capacityText: '法定代表人',
        windowNo: 'W01',
        handedOverBy: 'clerk1',
        signatureSha256: sha256(signature),
        documents: [{ certificateId: land.id, no: land.no, typeName: '建设用地规划许可证', itemName: '建设用地规划许可证核发' }],
      });
      expect(JSON.stringify(h)).not.toContain(data.applicant.legalRepresentative?.idNumber ?? 'x');
      const [stored] = (await ds.query(`SELECT * FROM handover WHERE id = $1`, [h.id])) as Record<string, unknown>[];
      expect(Object.values(stored ?? {})).not.toContain(signature.toString('base64'));
      const collected = await eventually(async () => ((await events(Events.certificateCollected, data.caseNo)).length === 1 ? events(Events.certificateCollected, data.caseNo) : null));
      expect(collected[0]?.data).toMatchObject({ certificateId: land.id, allDelivered: false });
    });

    it('records an agent\'s authorisation at the window and hands the documents it covers to the agent', async () => {
      const agentId = anId();
      const letter = sha256(Buffer.from('scanned letter of authorisation'));
      // a document of another case is not in this case's scope
      const other = await issue(decided([LAND]));
      const bad = await failure(
        rpc.request(Rpc.certificate.recordAuthorisation, { caseNo: data.caseNo, agentName: '赵六', agentIdNumber: agentId, certificateIds: [other[0]?.id ?? ''], letterSha256: letter }, { actor: clerk }),
      );
      expect(bad.code).toBe('VALIDATION_FAILED');
      const a = await rpc.request(
        Rpc.certificate.recordAuthorisation,
        { caseNo: data.caseNo, agentName: '赵六', agentIdNumber: agentId, certificateIds: [eia.id, landDecision.id], letterSha256: letter.toUpperCase(), note: '代为领取环评批复和准予行政许可决定书' },
        { actor: clerk },
      );
      expect(a).toMatchObject({ caseNo: data.caseNo, agentName: '赵六', scope: 'documents', certificateIds: [eia.id, landDecision.id], letterSha256: letter, recordedBy: 'clerk1', windowNo: 'W01' });
      expect(a.agentIdNumber).toContain('*');
      expect(await rpc.request(Rpc.certificate.listAuthorisations, { caseNo: data.caseNo }, { actor: clerk })).toEqual([a]);

      const h: HandoverView = await rpc.request(
        Rpc.certificate.handOver,
        { caseNo: data.caseNo, collectorName: '赵六', collectorIdNumber: agentId, signatureSha256: 'a'.repeat(64) },
        { actor: clerk },
      );
      expect(h).toMatchObject({ capacity: 'authorised_agent', capacityText: '委托代理人', authorisation: { id: a.id, agentName: '赵六', letterSha256: letter }, signatureSha256: 'a'.repeat(64) });
      expect(h.documents.map((d) => d.certificateId).sort()).toEqual([eia.id, landDecision.id].sort());
      // the case is now fully delivered: the last collection says so, and only it
      const collected = await eventually(async () => {
        const ev = await events(Events.certificateCollected, data.caseNo);
        return ev.length === 3 ? ev : null;
      });
      expect(collected.filter((e) => e.data.allDelivered)).toHaveLength(1);
      expect((await rpc.request(Rpc.certificate.listHandovers, { caseNo: data.caseNo }, { actor: clerk })).map((x) => x.capacity)).toEqual(['legal_representative', 'authorised_agent']);
      // nothing left at the desk: ALREADY_COLLECTED (409)
      const again = await failure(rpc.request(Rpc.certificate.handOver, { caseNo: data.caseNo, collectorName: '李四', collectorIdNumber: data.applicant.contact?.idNumber ?? '' }, { actor: clerk }));
      expect(again.code).toBe('ALREADY_COLLECTED');
      expect(again.status).toBe(409);
    });

    it('refuses an agent whose authorisation does not cover the documents', async () => {
      const c = decided([LAND, EIA]);
      const certs = await issue(c);
      const agentId = anId();
      await rpc.request(
        Rpc.certificate.recordAuthorisation,
        { caseNo: c.caseNo, agentName: '孙七', agentIdNumber: agentId, certificateIds: [certs[0]?.id ?? ''], letterSha256: 'b'.repeat(64) },
        { actor: clerk },
      );
      const err = await failure(rpc.request(Rpc.certificate.handOver, { caseNo: c.caseNo, collectorName: '孙七', collectorIdNumber: agentId }, { actor: clerk }));
      expect(err.code).toBe('COLLECTOR_NOT_AUTHORISED');
      expect(err.details.at(-1)).toMatchObject({ capacity: 'authorised_agent', reason: 'authorisation_out_of_scope' });
      // the contact recorded on the application may take both
      const h = await rpc.request(Rpc.certificate.handOver, { caseNo: c.caseNo, collectorName: '李四', collectorIdNumber: c.applicant.contact?.idNumber ?? '' }, { actor: clerk });
      expect(h).toMatchObject({ capacity: 'contact', capacityText: '申请联系人' });
      expect(h.documents).toHaveLength(3);
    });

    it('hands a person applicant their own document, and refuses a signature hash that is not the image\'s', async () => {
      const me = { kind: 'person' as const, name: '张三丰', idNumber: anId(), phone: aPhone() };
      const c = decided([LAND], me);
      const cert = (await issue(c)).find((x) => x.role === 'result') as CertificateView;
      const mismatch = await failure(
        rpc.request(Rpc.certificate.collect, { id: cert.id, collectorName: '张三丰', collectorIdNumber: me.idNumber, signatureSha256: 'c'.repeat(64), signatureImageBase64: 'aGVsbG8=' }, { actor: clerk }),
      );
      expect(mismatch.code).toBe('VALIDATION_FAILED');
      expect(mismatch.details.map((d) => d.field)).toEqual(['signatureSha256']);
      const v = await rpc.request(Rpc.certificate.collect, { id: cert.id, collectorName: '张三丰', collectorIdNumber: me.idNumber.toLowerCase() }, { actor: clerk });
      expect(v.collectorCapacity).toBe('holder');
    });

    it('validates every field of an authorisation and of a hand-over at once', async () => {
      const err = await failure(rpc.request(Rpc.certificate.recordAuthorisation, { caseNo: 'bad no!', agentName: '', agentIdNumber: '123', letterSha256: 'xyz' } as never, { actor: clerk }));
      expect(err.details.map((d) => d.field).sort()).toEqual(['agentIdNumber', 'agentName', 'caseNo', 'letterSha256']);
      const h = await failure(rpc.request(Rpc.certificate.handOver, { caseNo: 'X-1', certificateIds: ['nope'], collectorName: '', collectorIdNumber: '1', signatureImageBase64: '%%%' } as never, { actor: clerk }));
      expect(h.details.map((d) => d.field).sort()).toEqual(['certificateIds', 'collectorIdNumber', 'collectorName', 'signatureImageBase64']);
      expect((await failure(rpc.request(Rpc.certificate.getHandover, { id: randomUUID() }, { actor: clerk }))).code).toBe('NOT_FOUND');
    });
  });

  describe('the pick-up desk and Art. 44', () => {
    let data: CaseDecidedV1;

    beforeAll(async () => {
      data = decided([LAND, EIA]);
      await issue(data);
      await eventually(async () => ((await ds.query(`SELECT 1 FROM delivery_clock WHERE case_no = $1`, [data.caseNo])) as unknown[]).length === 2);
      setToday('2025-09-26');
    });

    afterAll(() => setToday('2025-09-26'));

    it('starts a clock per approved item from its decision: due ten working days later, across National Day', async () => {
      const clocks = (await ds.query(`SELECT item_code, decided_date::text AS d FROM delivery_clock WHERE case_no = $1 ORDER BY item_code`, [data.caseNo])) as unknown[];
      expect(clocks).toEqual([
        { item_code: 'STHJ-001', d: '2025-09-26' },
        { item_code: 'ZRZY-002', d: '2025-09-26' },
      ]);
      const list = await rpc.request(Rpc.certificate.listWaiting, { caseNo: data.caseNo }, { actor: clerk });
      // the two results and the licence's written grant decision, each due with its item
      expect(list.map((w) => [w.deliverBy, w.deliverByProvisional, w.remainingWorkingDays])).toEqual([
        ['2025-10-16', false, 10],
        ['2025-10-16', false, 10],
        ['2025-10-16', false, 10],
      ]);
    });

    it('lists the documents waiting with the working days they have waited', async () => {
      setToday('2025-10-09'); // Sep 28 (make-up Sunday), 29, 30, Oct 9: four working days
      const list = await rpc.request(Rpc.certificate.listWaiting, { caseNo: data.caseNo }, { actor: clerk });
      expect(list.map((w) => [w.typeName, w.since, w.waitingWorkingDays, w.provisional, w.returnedByPost]).sort()).toEqual([
        ['准予行政许可决定书', '2025-09-26', 4, false, false],
        ['建设用地规划许可证', '2025-09-26', 4, false, false],
        ['环境影响报告书批复', '2025-09-26', 4, false, false],
      ]);
      expect(await rpc.request(Rpc.certificate.listWaiting, { caseNo: data.caseNo, minWorkingDays: 5 }, { actor: clerk })).toEqual([]);
      const bad = await failure(rpc.request(Rpc.certificate.listWaiting, { minWorkingDays: -1 } as never, { actor: clerk }));
      expect(bad.details.map((d) => d.field)).toEqual(['minWorkingDays']);
    });

    it('reminds the applicant ONCE after five working days, and raises no alarm before the yellow threshold', async () => {
      const sweep = () => app.get(DeliverySweep).run();
      expect((await sweep()).reminders).toBe(0);
      setToday('2025-10-10');
      const first = await sweep();
      expect(first.reminders).toBeGreaterThanOrEqual(1);
      expect(first.raised).toBe(0);
      expect((await sweep()).reminders).toBe(0);
      const reminders = await eventually(async () => {
        const ev = await events(Events.pickupReminderDue, data.caseNo);
        return ev.length > 0 ? ev : null;
      });
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.data).toMatchObject({ caseNo: data.caseNo, waitingWorkingDays: 5, since: '2025-09-26' });
      expect([...(reminders[0]?.data.documents ?? [])].sort()).toEqual(['准予行政许可决定书', '建设用地规划许可证', '环境影响报告书批复']);
      const listed = await rpc.request(Rpc.certificate.listWaiting, { caseNo: data.caseNo }, { actor: clerk });
      expect(listed.every((w) => w.remindedAt !== undefined)).toBe(true);
    });

    it('turns the clocks yellow two working days before the limit and red after it, each alarm once, listed for the supervisor', async () => {
      const sweep = () => rpc.request(Rpc.certificate.sweepAlarms, {}, { actor: supervisor });
      setToday('2025-10-14'); // (14, 16]: two working days left
      expect((await sweep()).raised).toBeGreaterThanOrEqual(2);
      expect((await sweep()).raised).toBe(0);
      const mine = async (level?: 'yellow' | 'red') =>
        (await rpc.request(Rpc.certificate.listAlarms, level ? { level } : {}, { actor: supervisor })).filter((a) => a.caseNo === data.caseNo);
      const yellow = await mine('yellow');
      expect(yellow.map((a) => [a.kind, a.itemCode]).sort()).toEqual([
        ['delivery_due_soon', 'STHJ-001'],
        ['delivery_due_soon', 'ZRZY-002'],
      ]);
      expect(yellow[0]?.message).toMatch(/^办件D-2025-.*“.*核发”结果送达即将到期（送达期限2025-10-16，剩余2个工作日）$/);
      setToday('2025-10-17');
      await sweep();
      expect((await sweep()).raised).toBe(0);
      const red = await mine('red');
      expect(red.map((a) => a.kind)).toEqual(['delivery_overdue', 'delivery_overdue']);
      expect(red[0]?.message).toContain('超期1个工作日');
      const raised = await eventually(async () => {
        const ev = await events(Events.deliveryAlarmRaised, data.caseNo);
        return ev.length === 4 ? ev : null;
      });
      expect(raised.map((e) => e.data.level).sort()).toEqual(['red', 'red', 'yellow', 'yellow']);
      const ack = await rpc.request(Rpc.certificate.acknowledgeAlarm, { id: red[0]?.id ?? '' }, { actor: supervisor });
      expect(ack.acknowledgedBy).toBe('jc1');
      expect((await failure(rpc.request(Rpc.certificate.acknowledgeAlarm, { id: red[0]?.id ?? '' }, { actor: clerk }))).code).toBe('CONFLICT');
      expect(await mine('red')).toHaveLength(1);
    });

    it('stops the clock of a delivered document: no alarm for it any more', async () => {
      await rpc.request(Rpc.certificate.handOver, { caseNo: data.caseNo, collectorName: '李四', collectorIdNumber: data.applicant.contact?.idNumber ?? '' }, { actor: clerk });
      const open = (await ds.query(`SELECT count(*)::int AS n FROM delivery_clock WHERE case_no = $1 AND delivered_at IS NULL`, [data.caseNo])) as { n: number }[];
      expect(open[0]?.n).toBe(0);
      expect(await rpc.request(Rpc.certificate.listWaiting, { caseNo: data.caseNo }, { actor: clerk })).toEqual([]);
    });

    it('leaves a revoked licence off the desk: not handed out, not mailed, no alarm, not holding the delivery back', async () => {
      const c = decided([LAND, EIA]);
      const certs = await issue(c);
      const land = certs.find((x) => x.itemCode === LAND.itemCode && x.role === 'result') as CertificateView;
      const head: Actor = { username: 'zrzy-head', roles: ['reviewer', 'department_head'], department: 'ZRZY' };
      await rpc.request(Rpc.certificate.revoke, { id: land.id, kind: 'revoke', reason: '事后核查承诺不实', legalBasis: '《中华人民共和国行政许可法》第六十九条第二款' }, { actor: head });
      expect((await rpc.request(Rpc.certificate.listWaiting, { caseNo: c.caseNo }, { actor: clerk })).map((w) => w.typeName)).toEqual(['环境影响报告书批复']);
      const refused = await failure(rpc.request(Rpc.certificate.collect, { id: land.id, collectorName: '李四', collectorIdNumber: c.applicant.contact?.idNumber ?? '' }, { actor: clerk }));
      expect(refused.code).toBe('INVALID_STATE');
      setToday('2025-10-17');
      await app.get(DeliverySweep).run();
      setToday('2025-09-26');
      const alarms = (await rpc.request(Rpc.certificate.listAlarms, { includeAcknowledged: 'true' }, { actor: supervisor })).filter((a) => a.caseNo === c.caseNo);
      expect(alarms.map((a) => a.itemCode)).toEqual(['STHJ-001']);
      const h = await rpc.request(Rpc.certificate.handOver, { caseNo: c.caseNo, collectorName: '李四', collectorIdNumber: c.applicant.contact?.idNumber ?? '' }, { actor: clerk });
      expect(h.documents.map((d) => d.typeName)).toEqual(['环境影响报告书批复']);
      const collected = await eventually(async () => {
        const ev = await events(Events.certificateCollected, c.caseNo);
        return ev.length === 1 ? ev : null;
      });
      expect(collected[0]?.data.allDelivered).toBe(true);
    });

    it('flags the days waited as provisional once they run into a year whose holiday arrangement is not announced', async () => {
      const c = decided([LAND]);
      await issue(c);
      setToday('2026-01-06');
      const [w] = await rpc.request(Rpc.certificate.listWaiting, { caseNo: c.caseNo }, { actor: clerk });
      expect(w).toMatchObject({ provisional: true, deliverBy: '2025-10-16' });
      expect(w?.waitingWorkingDays).toBeGreaterThan(60);
    });
  });

  describe('EMS mailing (免费寄递)', () => {
    it('mails what waits at the desk through the signed provider, retrying its 503s, then refuses a collection (409)', async () => {
      const c = decided([LAND, EIA]);
      const certs = await issue(c);
      const before = stub.requests.length;
      stub.failNext(2, 503);
      const reply = await rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路8号' }, { actor: clerk });
      expect(reply.trackingNo).toMatch(/^EA\d{9}CN$/);
      expect(reply.status).toBe('created');
      const calls = stub.requests.slice(before);
      expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 503', 'POST 503', 'POST 201']);
      expect(calls.every((r) => r.signed)).toBe(true);
      const atPost = stub.shipments().filter((s) => s.waybillNo === reply.trackingNo);
      expect(atPost).toHaveLength(1);
      expect(atPost[0]).toMatchObject({ clientReference: reply.shipmentId, recipient: { name: '李四', phone: '13912345678' } });
      expect(atPost[0]?.contents.map((x) => x.no).sort()).toEqual(certs.map((x) => x.no).sort());

      const created = await eventually(async () => {
        const ev = await events(Events.shipmentCreated, c.caseNo);
        return ev.length > 0 ? ev : null;
      });
      expect(created[0]?.data).toMatchObject({ shipmentId: reply.shipmentId, trackingNo: reply.trackingNo });
      expect((await rpc.request(Rpc.certificate.listByCase, { caseNo: c.caseNo })).map((x) => x.status)).toEqual(['mailed', 'mailed', 'mailed']);
      // mailing and pick-up exclude each other
      const collect = await failure(rpc.request(Rpc.certificate.collect, { id: certs[0]?.id ?? '', collectorName: '李四', collectorIdNumber: c.applicant.contact?.idNumber ?? '' }, { actor: clerk }));
      expect(collect.code).toBe('ALREADY_COLLECTED');
      // the same request again answers the same shipment; another address is refused while it is under way
      expect((await rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路8号' }, { actor: clerk })).trackingNo).toBe(reply.trackingNo);
      const other = await failure(rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市浉河区某路1号' }, { actor: clerk }));
      expect(other.code).toBe('ALREADY_COLLECTED');
      const [s] = await shipmentsOf(c.caseNo);
      expect(s).toMatchObject({ status: 'created', statusText: '已下单', source: 'window', authorisedBy: 'clerk1', phone: '139****5678' });
    });

    it('refuses to mail what was collected (409), and mail for a case not issued yet (409) or unknown (404)', async () => {
      const me = { kind: 'person' as const, name: '周八', idNumber: anId(), phone: aPhone() };
      const c = decided([LAND], me);
      await issue(c);
      await rpc.request(Rpc.certificate.handOver, { caseNo: c.caseNo, collectorName: '周八', collectorIdNumber: me.idNumber }, { actor: clerk });
      const body = { recipient: '周八', phone: '13912345678', address: '河南省信阳市新县新集镇城北路8号' };
      expect((await failure(rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, ...body }, { actor: clerk }))).code).toBe('ALREADY_COLLECTED');
      expect((await failure(rpc.request(Rpc.certificate.mail, { caseNo: 'NOPE-1', ...body }, { actor: clerk }))).code).toBe('NOT_FOUND');
      const bad = await failure(rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '', phone: '123', address: 'x' }, { actor: clerk }));
      expect(bad.details.map((d) => d.field).sort()).toEqual(['address', 'phone', 'recipient']);
    });

    it('takes the post\'s signed callbacks, once each, refusing bad signatures, stale timestamps and replays; delivered closes the case\'s delivery', async () => {
      const c = decided([LAND]);
      await issue(c);
      const { trackingNo, shipmentId } = await rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路9号' }, { actor: clerk });
      const moving: StubTrackingEvent = { eventId: 'e1', waybillNo: trackingNo, status: 'in_transit', at: isoAt('2025-09-27', '09:00'), location: '信阳市' };
      expect((await failure(rpc.request(Rpc.certificate.emsWebhook, callback([moving], { secret: 'not-the-secret-of-the-post' })))).code).toBe('UNAUTHORIZED');
      expect((await failure(rpc.request(Rpc.certificate.emsWebhook, callback([moving], { timestampMs: new Clock().now().getTime() - 3_600_000 })))).code).toBe('UNAUTHORIZED');
      const first = callback([moving]);
      expect(await rpc.request(Rpc.certificate.emsWebhook, first)).toEqual({ accepted: 1, duplicates: 0, ignored: 0 });
      const replay = await failure(rpc.request(Rpc.certificate.emsWebhook, first));
      expect(replay.code).toBe('UNAUTHORIZED');
      expect(replay.details[0]?.problem).toBe('replayed_nonce');
      // the post repeats itself under a new nonce: nothing new; a waybill that is not ours is ignored
      expect(await rpc.request(Rpc.certificate.emsWebhook, callback([moving, { ...moving, eventId: 'x', waybillNo: 'EA000000000CN' }]))).toEqual({ accepted: 0, duplicates: 1, ignored: 1 });
      const bad = await failure(rpc.request(Rpc.certificate.emsWebhook, { ...callback([moving]), body: '{"events":[{"status":"teleported"}]}' }));
      expect(bad.code).toBe('UNAUTHORIZED'); // a changed body no longer matches its signature

      const delivered: StubTrackingEvent = { eventId: 'e2', waybillNo: trackingNo, clientReference: shipmentId, status: 'delivered', at: isoAt('2025-09-28', '15:00'), description: '本人签收' };
      expect(await rpc.request(Rpc.certificate.emsWebhook, callback([delivered]))).toMatchObject({ accepted: 1 });
      const tracked = await eventually(async () => {
        const ev = await events(Events.shipmentTracked, c.caseNo);
        return ev.length === 2 ? ev : null;
      });
      expect(tracked.map((e) => [e.data.status, e.data.allDelivered])).toEqual([
        ['in_transit', false],
        ['delivered', true],
      ]);
      const [s] = await shipmentsOf(c.caseNo);
      expect(s).toMatchObject({ status: 'delivered', deliveredAt: isoAt('2025-09-28', '15:00') });
      expect(s?.events.map((e) => e.statusText)).toEqual(['运输途中', '妥投签收']);
      const clock = (await ds.query(`SELECT delivered_at FROM delivery_clock WHERE case_no = $1`, [c.caseNo])) as { delivered_at: Date | null }[];
      expect(clock[0]?.delivered_at?.toISOString()).toBe(isoAt('2025-09-28', '15:00'));
    });

    it('puts returned mail back at the pick-up desk and tells the window; the applicant may then collect it', async () => {
      const c = decided([EIA]);
      const [cert] = await issue(c);
      const { trackingNo } = await rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路10号' }, { actor: clerk });
      await rpc.request(Rpc.certificate.emsWebhook, callback([{ eventId: 'r1', waybillNo: trackingNo, status: 'returned', at: isoAt('2025-09-29', '16:00'), description: '收件人拒收' }]));
      expect((await rpc.request(Rpc.certificate.listByCase, { caseNo: c.caseNo }))[0]?.status).toBe('issued');
      const alarms = (await rpc.request(Rpc.certificate.listAlarms, {}, { actor: clerk })).filter((a) => a.caseNo === c.caseNo);
      expect(alarms).toEqual([expect.objectContaining({ kind: 'mail_returned', level: 'yellow' })]);
      expect(alarms[0]?.message).toContain(trackingNo);
      setToday('2025-09-30');
      const [w] = await rpc.request(Rpc.certificate.listWaiting, { caseNo: c.caseNo }, { actor: clerk });
      expect(w).toMatchObject({ returnedByPost: true, since: '2025-09-29', waitingWorkingDays: 1 });
      setToday('2025-09-26');
      const v = await rpc.request(Rpc.certificate.collect, { id: cert?.id ?? '', collectorName: '李四', collectorIdNumber: c.applicant.contact?.idNumber ?? '' }, { actor: clerk });
      expect(v.status).toBe('collected');
    });

    it('keeps the documents at the desk when the post refuses the order (422), and tells the window', async () => {
      stub.refuseAddressesContaining('查无此地');
      const c = decided([LAND]);
      await issue(c);
      const err = await failure(rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市查无此地1号' }, { actor: clerk }));
      expect(err.code).toBe('UNPROCESSABLE');
      expect((await rpc.request(Rpc.certificate.listByCase, { caseNo: c.caseNo }))[0]?.status).toBe('issued');
      expect((await shipmentsOf(c.caseNo))[0]).toMatchObject({ status: 'failed', statusText: '下单失败' });
      expect((await rpc.request(Rpc.certificate.listAlarms, {}, { actor: clerk })).filter((a) => a.caseNo === c.caseNo).map((a) => a.kind)).toEqual(['mail_failed']);
    });

    it('finds, after a crash between the post\'s answer and our commit, the shipment the post made — exactly one', async () => {
      const c = decided([LAND]);
      const cert = (await issue(c)).find((x) => x.role === 'result') as CertificateView;
      // what a killed process leaves: the shipment recorded `requesting` (committed before asking the post), one attempt
      // made, the post holding the shipment of our id, and our answer never recorded
      const shipmentId = randomUUID();
      await ds.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO shipment (id, case_no, status, source, recipient_name, recipient_phone, address, authorised_by, provider, attempts, next_attempt_at, requested_at, updated_at)
           VALUES ($1, $2, 'requesting', 'window', '李四', '13912345678', '河南省信阳市新县新集镇城北路11号', 'clerk1', 'http', 1, now() + interval '1 hour', $3, $3)`,
          [shipmentId, c.caseNo, new Date(isoAt('2025-09-26', '11:00'))],
        );
        await tx.query(`INSERT INTO shipment_item (shipment_id, certificate_id) VALUES ($1, $2)`, [shipmentId, cert.id]);
        await tx.query(`UPDATE certificate SET status = 'mailed' WHERE id = $1`, [cert.id]);
      });
      const body = JSON.stringify({ clientReference: shipmentId, sender: {}, recipient: { name: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路11号' }, contents: [{ no: cert.no, name: cert.typeName }] });
      const made = await fetch(`${stub.url}/v1/waybills`, { method: 'POST', headers: { ...signedHeaders(stub.appKey, stub.secret, body, new Clock().now().getTime()), 'content-type': 'application/json' }, body });
      const { waybillNo } = (await made.json()) as { waybillNo: string };
      const creates = () => stub.requests.filter((r) => r.method === 'POST').length;
      const createsBefore = creates();

      // the lease runs out: the sweep takes it, asks the post by our id, and records what it finds
      await ds.query(`UPDATE shipment SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [shipmentId]);
      const [s] = await eventually(async () => {
        const list = await shipmentsOf(c.caseNo);
        return list[0]?.status === 'created' ? list : null;
      });
      expect(s?.trackingNo).toBe(waybillNo);
      expect(creates()).toBe(createsBefore);
      expect(stub.shipments().filter((x) => x.clientReference === shipmentId)).toHaveLength(1);
      expect(stub.requests.some((r) => r.method === 'GET' && r.path === '/v1/waybills')).toBe(true);
      const created = await eventually(async () => {
        const ev = await events(Events.shipmentCreated, c.caseNo);
        return ev.length > 0 ? ev : null;
      });
      expect(created).toHaveLength(1);
    });

    it('polls the post for shipments it has not heard of for a while', async () => {
      const c = decided([LAND]);
      await issue(c);
      const { trackingNo, shipmentId } = await rpc.request(Rpc.certificate.mail, { caseNo: c.caseNo, recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路12号' }, { actor: clerk });
      stub.addEvent({ eventId: 'p1', waybillNo: trackingNo, status: 'accepted', at: isoAt('2025-09-26', '16:00'), location: '新县' });
      stub.addEvent({ eventId: 'p2', waybillNo: trackingNo, status: 'delivered', at: isoAt('2025-09-27', '10:00') });
      await ds.query(`UPDATE shipment SET next_poll_at = now() - interval '1 second' WHERE id = $1`, [shipmentId]);
      const [s] = await eventually(async () => {
        const list = await shipmentsOf(c.caseNo);
        return list[0]?.status === 'delivered' ? list : null;
      });
      expect(s?.events.map((e) => e.status)).toEqual(['accepted', 'delivered']);
    });

    it('mails by itself what the applicant chose to have mailed when applying, to the contact', async () => {
      const applicant = enterprise();
      const c = decided([LAND], applicant, { method: 'ems', address: '河南省信阳市新县新集镇城北路13号' });
      await issue(c);
      const [s] = await eventually(async () => {
        const list = await shipmentsOf(c.caseNo);
        return list[0]?.status === 'created' ? list : null;
      });
      expect(s).toMatchObject({ source: 'application', authorisedBy: 'applicant', recipient: '李四', address: '河南省信阳市新县新集镇城北路13号' });
      expect(stub.shipments().find((x) => x.clientReference === s?.id)?.recipient.phone).toBe(applicant.contact.phone);
    });
  });
});
