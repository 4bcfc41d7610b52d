/**
 * Messages that reach people, end to end: the compiled apps with the notification service sending over SMPP 3.4 to a
 * local SMSC the test starts (libs/testing `startSmppTestServer`). The acceptance SMS arrives in Chinese with the case
 * number and its delivery receipt settles it; and the notification service SIGKILLed between the SMSC's acceptance and
 * our commit leaves exactly one SMS at the SMSC, settled by the receipt the SMSC hands the next session. The completion
 * SMS carries a one-time rating link, and the applicant's reply digit (上行短信, a deliver_sm from the SMSC) rates the
 * decision it announces, once. Phones never appear in any service's log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aPhone, aProjectCode, eventually, startSmppTestServer, type SmppTestServer } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean }[] }
interface Message { channel: string; template: string; content: string; recipient: string; status: string; attempts: number }
interface ServiceEvent { id: string; kind: string; departmentCode?: string; rated: boolean; evaluation?: { channel: string; level: string } }

describe('SMS over SMPP, end to end (real PostgreSQL, NATS and a local SMSC)', () => {
  let e: E2E;
  let smsc: SmppTestServer;
  let clerk: string;
  let items: Item[];
  const phones: string[] = [];

  beforeAll(async () => {
    smsc = await startSmppTestServer({ systemId: 'yichuang', password: 'secret1' });
    e = await startE2E({
      env: {
        SMS_PROVIDERS: 'smpp',
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: smsc.systemId,
        SMPP_PASSWORD: smsc.password,
        SMPP_SOURCE_ADDR: '106900012345',
        SMPP_RECONNECT_MIN_MS: '100',
        SMS_SEND_TIMEOUT_MS: '2000',
        SMS_POLL_MS: '200',
      },
    });
    clerk = await e.http.login('clerk1');
    items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001');
  });

  afterAll(async () => {
    await e?.stop();
    await smsc?.close();
  });

  /** An application by an applicant with a new phone, accepted at the window: the CASE_ACCEPTED SMS follows. */
  async function acceptedCase(): Promise<{ caseNo: string; phone: string }> {
    const phone = aPhone();
    phones.push(phone);
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    return { caseNo: accepted.body.caseNo, phone };
  }
  const messagesOf = async (caseNo: string) => (await e.http.get<Message[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body;
  const atSmsc = (phone: string) => smsc.messages().filter((m) => m.destination === phone);

  it('sends the acceptance SMS in Chinese over SMPP, and its delivery receipt marks it delivered', async () => {
    const { caseNo, phone } = await acceptedCase();
    const [sms] = await eventually(async () => {
      const l = (await messagesOf(caseNo)).filter((m) => m.template === 'CASE_ACCEPTED');
      return l[0]?.status === 'delivered' ? l : null;
    }, 30_000);
    expect(sms).toMatchObject({ channel: 'sms', attempts: 1, recipient: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    const received = atSmsc(phone);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toBe(sms?.content);
    expect(received[0]?.text).toContain(`办件编号${caseNo}`);
    // longer than 70 characters: sent in UCS-2 parts, reassembled whole
    expect(received[0]?.parts).toBeGreaterThan(1);
    expect(received[0]?.complete).toBe(true);
  });

  it('puts a one-time rating link in the completion SMS; the applicant’s reply digit to it rates the decision it announces (好差评)', async () => {
    const { caseNo, phone } = await acceptedCase();
    const zrzy = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0], 30_000);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy)).status).toBe(200);
    // 出件: the completion SMS carries the link and the reply digits
    const ready = await eventually(async () => atSmsc(phone).find((m) => m.complete && m.text.includes('已办结')), 30_000);
    expect(ready.text).toMatch(/评价：http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{16} 或回复1-5（5分最满意）$/);
    const token = (/\/r\/([A-Za-z0-9_-]{16}) /.exec(ready.text) ?? [])[1] as string;
    const info = await eventually(async () => {
      const r = await e.http.get<{ caseNo: string; state: string; events: ServiceEvent[] }>(`/api/v1/evaluations/link/${token}`);
      return r.status === 200 && r.body.events.length === 1 ? r.body : null;
    }, 30_000);
    expect(info).toMatchObject({ caseNo, state: 'open', events: [{ kind: 'decision', departmentCode: 'ZRZY', rated: false }] });

    // the applicant answers "５" (a full-width digit; the SMSC names the sender with the country code)
    expect(await smsc.sendReply(`86${phone}`, '５')).toBe(0);
    const decision = await eventually(async () => {
      const d = (await e.http.get<ServiceEvent[]>(`/api/v1/cases/${caseNo}/service-events`, clerk)).body.find((x) => x.kind === 'decision');
      return d?.rated ? d : null;
    }, 30_000);
    expect(decision.evaluation).toMatchObject({ channel: 'sms', level: 'very_satisfied' });
    // the link has nothing left to rate: used, 410
    expect((await e.http.get<{ state: string }>(`/api/v1/evaluations/link/${token}`)).body.state).toBe('used');
    expect((await e.http.post('/api/v1/evaluations/link', { token, level: 'basic' })).status).toBe(410);
    // a second reply (or the SMSC delivering the first again) rates nothing twice
    expect(await smsc.sendReply(phone, '1')).toBe(0);
    const marker = await acceptedCase();
    await eventually(async () => ((await messagesOf(marker.caseNo)).length > 0 ? true : null), 30_000);
    const events = (await e.http.get<ServiceEvent[]>(`/api/v1/cases/${caseNo}/service-events`, clerk)).body;
    expect(events.filter((x) => x.evaluation).map((x) => x.evaluation?.level)).toEqual(['very_satisfied']);
  });

  it('sends one SMS, not two, when the notification service is SIGKILLed between the SMSC’s acceptance and its commit', async () => {
    // a notification service that stops right after the SMSC accepts a message, before recording it (test-only hook)
    await e.system.kill('notification', 'SIGTERM');
    e.system.start('notification', { SMS_TEST_PAUSE_AFTER_PROVIDER: 'true' });
    await e.system.waitHealthy(60_000);
    const hooked = () => e.logs.filter((l) => l.app === 'notification' && l.line.includes('TEST HOOK')).length;
    const hookedBefore = hooked();
    // the receipt comes later than the kill: to the next session
    smsc.setReceiptDelay(3_000);
    const { caseNo, phone } = await acceptedCase();
    await eventually(async () => atSmsc(phone).length === 1 && hooked() > hookedBefore, 30_000);
    const [held] = await messagesOf(caseNo);
    expect(held?.status).toBe('sending');
    await e.system.kill('notification', 'SIGKILL');
    smsc.setReceiptDelay(0);

    e.system.start('notification');
    await e.system.waitHealthy(60_000);
    // the SMSC hands the receipt to the new session; it names our client reference and the phone: the same message
    const [sms] = await eventually(async () => {
      const l = await messagesOf(caseNo);
      return l[0]?.status === 'delivered' ? l : null;
    }, 30_000);
    expect(sms?.attempts).toBe(1);
    // past the sweep of tries a dead process left (2 × SMS_SEND_TIMEOUT_MS + 1 s): nothing is sent again
    await new Promise((r) => setTimeout(r, 6_000));
    expect(atSmsc(phone)).toHaveLength(1);
    expect(smsc.submits.filter((s) => s.destination === phone)).toHaveLength(atSmsc(phone)[0]?.parts ?? 0);
    expect((await messagesOf(caseNo)).map((m) => m.status)).toEqual(['delivered']);
  });

  it('never writes a phone number to any service’s log', () => {
    expect(phones.length).toBeGreaterThan(0);
    for (const p of phones) expect(e.logs.filter((l) => l.line.includes(p)).map((l) => `${l.app}: ${l.line}`)).toEqual([]);
  });
});
