/**
 * 领证 and 免费寄递 over HTTP, against the compiled apps, real PostgreSQL and NATS, and a local EMS stub the test starts
 * (libs/testing `startEmsStub`): pick-up only by those entitled, authorisations, hand-over records; mailing with the
 * waybill number on the case and in an SMS, tracking by the post's signed callback through the gateway, delivered
 * closing the case; mail chosen when applying; the pick-up desk, its reminder and the Art. 44 alarms; and the
 * certificate service SIGKILLed between the post's answer and its commit, leaving exactly one shipment at the post.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { aCreditCode, aProjectCode, aResidentId, E2E_START_DAY, eventually, isoAt, startEmsStub, textOf, type EmsStub } from '@yichuang/testing';
import { setClock, startE2E, timesOffTheClock, type E2E } from './harness.js';

interface Item { code: string; department: { code: string }; materials: { code: string; required: boolean }[] }
interface Cert { id: string; no: string; itemCode: string; status: string }
interface CaseBody { caseNo: string; status: string; applicant: Record<string, unknown>; certificates: Cert[]; timeline: { event: string; actor: string; detail?: string }[] }
interface ErrorBody { error: { code: string; message: string; messageZh: string; details: { field?: string; problem: string; capacity?: string; reason?: string; reasonText?: string }[] } }
interface Message { template: string; content: string; recipient: string }

/** Thursday 2026-12-08 in China: eight working days after the suite's first day (2026-11-26), two before Art. 44's limit. */
const LATER = isoAt('2026-12-08');

describe('delivery of result documents over HTTP (领证, 免费寄递)', () => {
  let e: E2E;
  let stub: EmsStub;
  let clerk: string;
  let supervisor: string;
  let items: Item[];
  let db: pg.Client;

  beforeAll(async () => {
    stub = await startEmsStub();
    e = await startE2E({
      env: {
        EMS_PROVIDER: 'http',
        EMS_BASE_URL: stub.url,
        EMS_APP_KEY: stub.appKey,
        EMS_APP_SECRET: stub.secret,
        EMS_RETRY_BASE_MS: '50',
        EMS_SWEEP_MS: '500',
        EMS_REQUEST_LEASE_MS: '600000',
        DELIVERY_SWEEP_MS: '3600000',
      },
    });
    clerk = await e.http.login('clerk1');
    supervisor = await e.http.login('supervisor1');
    items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    db = new pg.Client({ connectionString: e.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await e?.stop();
    await stub?.close();
  });

  interface Parties { legalRepresentative: { name: string; idNumber: string }; contact: { name: string; idNumber: string; phone: string } }

  /** An enterprise's application (legal representative and contact recorded), accepted and approved by both departments. */
  async function decidedCase(delivery?: { method: 'ems'; address: string }): Promise<{ caseNo: string; certs: Cert[]; parties: Parties }> {
    const parties: Parties = { legalRepresentative: { name: '王建国', idNumber: aResidentId() }, contact: { name: '李四', idNumber: aResidentId(), phone: '13912345678' } };
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13812345678', ...parties },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
        ...(delivery ? { delivery } : {}),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    const caseNo = accepted.body.caseNo;
    for (const reviewer of ['zrzy1', 'fgw1']) {
      const token = await e.http.login(reviewer);
      const [task] = await eventually(async () => {
        const r = await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token);
        return r.body.length > 0 ? r.body : null;
      });
      expect((await e.http.post(`/api/v1/review/tasks/${task?.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' }, token)).status).toBe(200);
    }
    const ready = await eventually(async () => {
      const r = await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' && r.body.certificates.length === 2 ? r.body : null;
    }, 30_000);
    return { caseNo, certs: ready.certificates, parties };
  }
  const caseOf = async (caseNo: string) => (await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk)).body;
  const messagesOf = async (caseNo: string) => (await e.http.get<Message[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body;

  it('hands documents only to those entitled: the legal representative, an authorised agent; anyone else gets 403 in Chinese', async () => {
    const { caseNo, certs, parties } = await decidedCase();
    // the case shows who may collect, masked
    const shown = (await caseOf(caseNo)).applicant as { legalRepresentative: { idNumber: string }; contact: { idNumber: string; phone: string } };
    expect(shown.legalRepresentative.idNumber).toContain('*');
    expect(shown.contact.phone).toBe('139****5678');

    const stranger = aResidentId();
    const refused = await e.http.post<ErrorBody>(`/api/v1/certificates/${certs[0]?.id}/collect`, { collectorName: '路人甲', collectorIdNumber: stranger }, clerk);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('COLLECTOR_NOT_AUTHORISED');
    expect(refused.body.error.messageZh).toContain('不能领取');
    expect(refused.body.error.details.map((d) => d.reason)).toEqual(['holder_is_enterprise', 'not_legal_representative', 'not_contact', 'no_authorisation']);
    expect(refused.body.error.details.map((d) => d.reasonText)).toContain('委托代理人：本办件在窗口没有登记授权委托');
    expect(JSON.stringify(refused.body)).not.toContain(stranger);

    // an agent with a letter of authorisation recorded at the window, for the first document only
    const agentId = aResidentId();
    const letter = createHash('sha256').update('scan of the letter').digest('hex');
    const auth = await e.http.post<{ id: string; scope: string; agentIdNumber: string }>(
      `/api/v1/cases/${caseNo}/authorisations`,
      { agentName: '赵六', agentIdNumber: agentId, certificateIds: [certs[0]?.id], letterSha256: letter },
      clerk,
    );
    expect(auth.status).toBe(201);
    expect(auth.body).toMatchObject({ scope: 'documents' });
    expect(auth.body.agentIdNumber).toContain('*');
    const signature = Buffer.from('signature pad image');
    const byAgent = await e.http.post<{ id: string; capacity: string; capacityText: string; documents: { certificateId: string }[]; signatureSha256: string }>(
      `/api/v1/cases/${caseNo}/handovers`,
      { certificateIds: [certs[0]?.id], collectorName: '赵六', collectorIdNumber: agentId, signatureImageBase64: signature.toString('base64') },
      clerk,
    );
    expect(byAgent.status).toBe(201);
    expect(byAgent.body).toMatchObject({ capacity: 'authorised_agent', capacityText: '委托代理人', documents: [{ certificateId: certs[0]?.id }] });
    expect(byAgent.body.signatureSha256).toBe(createHash('sha256').update(signature).digest('hex'));
    // the same agent may not take what the letter does not cover
    const outOfScope = await e.http.post<ErrorBody>(`/api/v1/certificates/${certs[1]?.id}/collect`, { collectorName: '赵六', collectorIdNumber: agentId }, clerk);
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.details.at(-1)?.reason).toBe('authorisation_out_of_scope');

    const byRepresentative = await e.http.post<{ status: string; collectorCapacity: string; handoverId: string }>(
      `/api/v1/certificates/${certs[1]?.id}/collect`,
      { collectorName: parties.legalRepresentative.name, collectorIdNumber: parties.legalRepresentative.idNumber },
      clerk,
    );
    expect(byRepresentative.status).toBe(200);
    expect(byRepresentative.body).toMatchObject({ status: 'collected', collectorCapacity: 'legal_representative' });

    // the hand-over record is the receipt's data, and the receipt prints it (the ID number masked)
    const receipt = await e.http.get<{ collectorName: string; collectorIdNumber: string; capacityText: string; windowNo: string; handedOverBy: string }>(
      `/api/v1/handovers/${byRepresentative.body.handoverId}`,
      clerk,
    );
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ collectorName: '王建国', capacityText: '法定代表人', windowNo: 'W01', handedOverBy: 'clerk1' });
    expect(receipt.body.collectorIdNumber).toContain('*');
    const receiptPdf = await fetch(`${e.http.base}/api/v1/handovers/${byRepresentative.body.handoverId}/receipt.pdf`, { headers: { authorization: `Bearer ${clerk}` } });
    expect([receiptPdf.status, receiptPdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const receiptText = await textOf(Buffer.from(await receiptPdf.arrayBuffer()));
    for (const s of ['领证回执', '王建国', '法定代表人', certs[1]?.no ?? '?']) expect([s, receiptText.includes(s)]).toEqual([s, true]);
    expect(receiptText).not.toContain(parties.legalRepresentative.idNumber);
    expect((await e.http.get(`/api/v1/handovers/${randomUUID()}`, clerk)).status).toBe(404);
    expect((await e.http.get<unknown[]>(`/api/v1/cases/${caseNo}/handovers`, supervisor)).body).toHaveLength(2);

    const done = await eventually(async () => {
      const c = await caseOf(caseNo);
      return c.status === 'delivered' ? c : null;
    });
    expect(done.timeline.filter((t) => t.event === 'certificate_collected')).toHaveLength(2);
    // mailing what was collected: 409
    const mail = await e.http.post<ErrorBody>(`/api/v1/cases/${caseNo}/mail`, { recipient: '李四', phone: '13912345678', address: '河南省信阳市新县新集镇城北路8号' }, clerk);
    expect(mail.status).toBe(409);
  });

  it('mails at the window: 201 with the waybill number, on the case and in an SMS; signed callbacks through the gateway deliver it and close the case', async () => {
    const { caseNo, certs, parties } = await decidedCase();
    const address = `河南省信阳市新县新集镇城北路${randomUUID().slice(0, 6)}号`;
    const bad = await e.http.post<ErrorBody>(`/api/v1/cases/${caseNo}/mail`, { recipient: '', phone: '12', address: 'x', extra: 1 }, clerk);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['address', 'extra', 'phone', 'recipient']);

    const mailed = await e.http.post<{ trackingNo: string; shipmentId: string; status: string }>(`/api/v1/cases/${caseNo}/mail`, { recipient: '李四', phone: '13912345678', address }, clerk);
    expect(mailed.status).toBe(201);
    expect(mailed.body.trackingNo).toMatch(/^EA\d{9}CN$/);
    expect(stub.shipments().filter((s) => s.recipient.address === address)).toHaveLength(1);
    // mailing and pick-up exclude each other
    const collect = await e.http.post<ErrorBody>(`/api/v1/certificates/${certs[0]?.id}/collect`, { collectorName: '李四', collectorIdNumber: parties.contact.idNumber }, clerk);
    expect(collect.status).toBe(409);
    expect(collect.body.error.code).toBe('ALREADY_COLLECTED');

    const sms = await eventually(async () => (await messagesOf(caseNo)).find((m) => m.template === 'RESULT_MAILED'));
    expect(sms.content).toContain(`邮件号${mailed.body.trackingNo}`);
    const timeline = await eventually(async () => (await caseOf(caseNo)).timeline.find((t) => t.event === 'mailed'));
    expect(timeline.detail).toContain(mailed.body.trackingNo);

    const webhook = `${e.http.base}/api/v1/ems/webhook`;
    const moving = { eventId: 'w1', waybillNo: mailed.body.trackingNo, status: 'in_transit' as const, at: isoAt(E2E_START_DAY, '15:00'), location: '信阳市' };
    const first = await stub.push(webhook, [moving]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 1, duplicates: 0, ignored: 0 });
    expect((await stub.push(webhook, [moving], { nonce: first.nonce })).status).toBe(401); // replayed
    expect((await stub.push(webhook, [moving], { secret: 'a-forged-secret-of-someone' })).status).toBe(401);
    expect((await stub.push(webhook, [moving], { body: JSON.stringify({ events: [{ ...moving, status: 'delivered' }] }) })).status).toBe(401);

    const delivered = await stub.push(webhook, [{ eventId: 'w2', waybillNo: mailed.body.trackingNo, clientReference: mailed.body.shipmentId, status: 'delivered', at: isoAt(E2E_START_DAY, '17:00'), description: '本人签收' }]);
    expect(delivered.status).toBe(200);
    const closed = await eventually(async () => {
      const c = await caseOf(caseNo);
      return c.status === 'delivered' ? c : null;
    });
    expect(closed.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['mailed', 'mail_tracked', 'mail_delivered']));
    const [shipment] = (await e.http.get<{ status: string; events: { statusText: string }[]; phone: string }[]>(`/api/v1/cases/${caseNo}/shipments`, clerk)).body;
    expect(shipment).toMatchObject({ status: 'delivered', phone: '139****5678' });
    expect(shipment?.events.map((x) => x.statusText)).toEqual(['运输途中', '妥投签收']);
  });

  it('mails by itself what the applicant chose to have mailed when applying', async () => {
    const address = `河南省信阳市新县新集镇城北路${randomUUID().slice(0, 6)}号`;
    const { caseNo } = await decidedCase({ method: 'ems', address });
    const [shipment] = await eventually(async () => {
      const r = await e.http.get<{ source: string; status: string; trackingNo: string; recipient: string }[]>(`/api/v1/cases/${caseNo}/shipments`, clerk);
      return r.body[0]?.status === 'created' ? r.body : null;
    });
    expect(shipment).toMatchObject({ source: 'application', recipient: '李四' });
    expect(stub.shipments().filter((s) => s.recipient.address === address)).toHaveLength(1);
    await eventually(async () => (await messagesOf(caseNo)).some((m) => m.template === 'RESULT_MAILED'));
  });

  it('loses nothing when the certificate service is SIGKILLed between the post\'s answer and its commit: exactly one shipment at the post', async () => {
    const { caseNo } = await decidedCase();
    const address = `河南省信阳市新县新集镇城南路${randomUUID().slice(0, 6)}号`;
    const key = randomUUID();
    const creates = () => stub.requests.filter((r) => r.method === 'POST').length;
    const createsBefore = creates();

    // a certificate service that stops right after the post answers, before recording it (test-only hook)
    await e.system.kill('certificate', 'SIGTERM');
    e.system.start('certificate', { EMS_TEST_PAUSE_AFTER_PROVIDER: 'true' });
    await e.system.waitHealthy(60_000);
    const hooked = () => e.logs.filter((l) => l.app === 'certificate' && l.line.includes('TEST HOOK')).length;
    const hookedBefore = hooked();
    const pending = e.http.post<ErrorBody>(`/api/v1/cases/${caseNo}/mail`, { recipient: '李四', phone: '13912345678', address }, clerk, { 'Idempotency-Key': key });
    // the post has made the shipment and answered, and the service holds the answer without having recorded it
    await eventually(async () => stub.shipments().some((s) => s.recipient.address === address) && hooked() > hookedBefore, 30_000);
    const [row] = (await db.query<{ status: string; tracking_no: string | null }>(`SELECT status, tracking_no FROM certificate.shipment WHERE case_no = $1`, [caseNo])).rows;
    expect(row).toEqual({ status: 'requesting', tracking_no: null });
    await e.system.kill('certificate', 'SIGKILL');
    expect((await pending).status).toBe(503);

    e.system.start('certificate');
    await e.system.waitHealthy(60_000);
    // the window tries again with the same Idempotency-Key: the service asks the post for OUR shipment and finds it
    const retried = await e.http.post<{ trackingNo: string; status: string }>(`/api/v1/cases/${caseNo}/mail`, { recipient: '李四', phone: '13912345678', address }, clerk, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    const atPost = stub.shipments().filter((s) => s.recipient.address === address);
    expect(atPost).toHaveLength(1);
    expect(retried.body.trackingNo).toBe(atPost[0]?.waybillNo);
    expect(creates()).toBe(createsBefore + 1);
    const [after] = (await db.query<{ status: string; tracking_no: string; attempts: number }>(`SELECT status, tracking_no, attempts FROM certificate.shipment WHERE case_no = $1`, [caseNo])).rows;
    expect(after).toEqual({ status: 'created', tracking_no: atPost[0]?.waybillNo, attempts: 2 });
    // one waybill on the case, one SMS
    await eventually(async () => (await messagesOf(caseNo)).some((m) => m.template === 'RESULT_MAILED'));
    expect((await messagesOf(caseNo)).filter((m) => m.template === 'RESULT_MAILED')).toHaveLength(1);
    expect((await caseOf(caseNo)).timeline.filter((t) => t.event === 'mailed')).toHaveLength(1);
  });

  it('lists the pick-up desk with working days waited, reminds the applicant once, and raises the Art. 44 yellow alarm', async () => {
    const { caseNo } = await decidedCase();
    const waitingNow = (await e.http.get<{ caseNo: string; waitingWorkingDays: number; deliverBy: string }[]>(`/api/v1/pickup-desk/waiting`, clerk)).body.filter((w) => w.caseNo === caseNo);
    expect(waitingNow.map((w) => [w.waitingWorkingDays, w.deliverBy])).toEqual([
      [0, '2026-12-10'],
      [0, '2026-12-10'],
    ]);
    expect((await e.http.get<ErrorBody>('/api/v1/pickup-desk/waiting?minWorkingDays=abc', clerk)).status).toBe(400);

    await setClock(e, 'certificate', LATER);
    try {
      const swept = await e.http.post<{ delivery: number; reminders: number }>('/api/v1/supervision/sweep', undefined, supervisor);
      expect(swept.status).toBe(200);
      expect(swept.body.delivery).toBeGreaterThanOrEqual(2);
      expect(swept.body.reminders).toBeGreaterThanOrEqual(1);
      expect((await e.http.post<{ delivery: number; reminders: number }>('/api/v1/supervision/sweep', undefined, supervisor)).body).toMatchObject({ delivery: 0, reminders: 0 });
      const waiting = (await e.http.get<{ caseNo: string; waitingWorkingDays: number; remainingWorkingDays: number; remindedAt?: string }[]>(`/api/v1/pickup-desk/waiting?minWorkingDays=8`, clerk)).body.filter(
        (w) => w.caseNo === caseNo,
      );
      expect(waiting.map((w) => [w.waitingWorkingDays, w.remainingWorkingDays, w.remindedAt !== undefined])).toEqual([
        [8, 2, true],
        [8, 2, true],
      ]);
      const alarms = (await e.http.get<{ id: string; caseNo: string; kind: string; level: string }[]>('/api/v1/supervision/alarms', supervisor)).body.filter((a) => a.caseNo === caseNo);
      expect(alarms.map((a) => `${a.kind}:${a.level}`)).toEqual(['delivery_due_soon:yellow', 'delivery_due_soon:yellow']);
      const ack = await e.http.post<{ acknowledgedBy: string }>(`/api/v1/supervision/alarms/${alarms[0]?.id}/acknowledge`, undefined, supervisor);
      expect(ack.status).toBe(200);
      expect(ack.body.acknowledgedBy).toBe('supervisor1');
      const sms = await eventually(async () => (await messagesOf(caseNo)).filter((m) => m.template === 'PICKUP_REMINDER'));
      expect(sms).toHaveLength(1);
      expect(sms[0]?.content).toContain('等候领取8个工作日');
    } finally {
      await setClock(e, 'certificate', null);
    }
  });

  it('validates who may collect when applying, and every delivery input, listing every problem', async () => {
    const app = await e.http.post<ErrorBody>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: {
          kind: 'person',
          name: '张三',
          idNumber: aResidentId(),
          phone: '13812345678',
          legalRepresentative: { name: '王建国', idNumber: aResidentId() },
          contact: { name: '', idNumber: '411523199001011235', phone: '123' },
        },
        project: { code: aProjectCode(), name: '项目', location: '新县' },
        materials: [],
        delivery: { method: 'ems' },
      },
      clerk,
    );
    expect(app.status).toBe(400);
    expect(app.body.error.details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['applicant.legalRepresentative', 'applicant.contact.name', 'applicant.contact.idNumber', 'applicant.contact.phone', 'delivery.address']),
    );
    const auth = await e.http.post<ErrorBody>('/api/v1/cases/X-1/authorisations', { agentName: '', agentIdNumber: '1', letterSha256: 'no', certificateIds: ['x'] }, clerk);
    expect(auth.status).toBe(400);
    expect(auth.body.error.details.map((d) => d.field).sort()).toEqual(['agentIdNumber', 'agentName', 'certificateIds', 'letterSha256']);
    const handover = await e.http.post<ErrorBody>('/api/v1/cases/X-1/handovers', { collectorName: '李四', collectorIdNumber: aResidentId(), signatureSha256: 'abc' }, clerk);
    expect(handover.status).toBe(400);
    expect(handover.body.error.details.map((d) => d.field)).toEqual(['signatureSha256']);
    expect((await e.http.post<ErrorBody>('/api/v1/cases/NO-SUCH-CASE/handovers', { collectorName: '李四', collectorIdNumber: aResidentId() }, clerk)).status).toBe(404);
    expect((await e.http.post('/api/v1/ems/webhook', { events: [] })).status).toBe(401);
    // signed, but not JSON: the gateway's parser refuses it first (400, the contract's shape)
    const notJson = await e.http.call<ErrorBody>('POST', '/api/v1/ems/webhook', '{not json', undefined, { 'content-type': 'application/json', 'x-app-key': stub.appKey, 'x-timestamp': '1', 'x-nonce': 'n-000001', 'x-signature': 'a'.repeat(64) });
    expect(notJson.status).toBe(400);
  });

  it("stores every business time by the services' clocks", async () => {
    const { checked, off } = await timesOffTheClock(e, [E2E_START_DAY, LATER.slice(0, 10)]);
    expect(off).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
