/**
 * Operations can see the hall (issue 17, metrics): every app serves Prometheus metrics on its probe port, and one whole
 * case moves the series by exactly what it did — the gateway's requests by route, the services' RPC requests by
 * subject and outcome, the consumers' events, and the business gauges (applications waiting for pre-check, Art. 32
 * windows, open tasks by department and alarm, documents at the pick-up desk, messages by state) — with no person,
 * case number or token in any label.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_APPS, freePort, type AppName } from '@yichuang/platform';
import { aCreditCode, aProjectCode, aResidentId, eventually } from '@yichuang/testing';
import { findPii } from '@yichuang/domain';
import { startE2E, type E2E } from './harness.js';

type Series = Map<string, number>;

/** a scrape as `name{labels}` → value, the labels in the order the app wrote them; the `service` label left out */
function parse(text: string): Series {
  const out: Series = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels = (m[2] ?? '').replace(/,?service="[a-z]+"/, '').replace(/^\{,/, '{').replace(/^\{\}$/, '');
    out.set(`${m[1]}${labels}`, Number(m[3]));
  }
  return out;
}

describe('metrics: one case moves the series by what it did', () => {
  let e: E2E;
  const ports = new Map<AppName, number>();
  const raw = async (app: AppName) => (await fetch(`http://127.0.0.1:${ports.get(app)}/metrics`)).text();
  const scrape = async (app: AppName) => parse(await raw(app));
  const sum = (s: Series, prefix: string) => [...s].filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0);

  beforeAll(async () => {
    for (const app of ALL_APPS) ports.set(app, await freePort());
    e = await startE2E({ appEnv: Object.fromEntries(ALL_APPS.map((a) => [a, { HEALTH_PORT: String(ports.get(a)) }])) });
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('serves Prometheus text on every app, with the process metrics', async () => {
    for (const app of ALL_APPS) {
      const res = await fetch(`http://127.0.0.1:${ports.get(app)}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain(`yc_process_resident_memory_bytes{service="${app}"}`);
    }
  });

  it('counts a whole case: requests, RPCs, events, and the gauges up and back down', async () => {
    const clerk = await e.http.login('clerk1');
    const zrzy = await e.http.login('zrzy1');
    const fgw = await e.http.login('fgw1');
    const contactId = aResidentId();
    const items = (await e.http.get<{ code: string; materials: { code: string; required: boolean }[] }[]>('/api/v1/catalog/items?stage=1')).body.filter(
      (i) => i.code === 'ZRZY-001' || i.code === 'FGW-002',
    );
    const before = { gateway: await scrape('gateway'), intake: await scrape('intake'), review: await scrape('review'), certificate: await scrape('certificate'), notification: await scrape('notification') };

    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', contact: { name: '李四', idNumber: contactId, phone: '13912345678' } },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    // received, not pre-checked: one more waiting, one more Art. 32 window
    const afterCreate = await scrape('intake');
    expect(sum(afterCreate, 'yc_applications_waiting_precheck') - sum(before.intake, 'yc_applications_waiting_precheck')).toBe(1);
    expect(sum(afterCreate, 'yc_art32_windows_open') - sum(before.intake, 'yc_art32_windows_open')).toBe(1);

    await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk);
    expect(sum(await scrape('intake'), 'yc_applications_waiting_precheck')).toBe(sum(before.intake, 'yc_applications_waiting_precheck'));
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    const caseNo = accepted.body.caseNo;

    // each department has one more open task, no alarm on it
    const review = await eventually(async () => ((s) => (sum(s, 'yc_tasks_open{department="ZRZY",alarm="none"}') > sum(before.review, 'yc_tasks_open{department="ZRZY",alarm="none"}') && sum(s, 'yc_tasks_open{department="FGW"') > sum(before.review, 'yc_tasks_open{department="FGW"') ? s : null))(await scrape('review')));
    expect(sum(review, 'yc_tasks_open{department="ZRZY",alarm="none"}') - sum(before.review, 'yc_tasks_open{department="ZRZY",alarm="none"}')).toBe(1);
    expect(sum(review, 'yc_tasks_open{department="FGW",alarm="none"}') - sum(before.review, 'yc_tasks_open{department="FGW",alarm="none"}')).toBe(1);
    const accept = 'yc_rpc_server_duration_seconds_count{subject="yc.rpc.intake.application.accept.v1",outcome="ok"}';
    expect(sum(await scrape('intake'), accept) - sum(before.intake, accept)).toBe(1);
    const consumed = 'yc_events_consumed_total{consumer="review__intake-case-accepted-v1",outcome="handled"}';
    expect(sum(review, consumed) - sum(before.review, consumed)).toBe(1);

    for (const token of [zrzy, fgw]) {
      const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token)).body[0]);
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, token)).status).toBe(200);
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' }, token)).status).toBe(200);
    }
    expect(sum(await scrape('review'), 'yc_tasks_open')).toBe(sum(before.review, 'yc_tasks_open'));
    // two documents wait at the pick-up desk, then none
    const certificates = await eventually(async () => ((c) => (c && c.length >= 2 ? c : null))((await e.http.get<{ certificates?: { id: string }[] }>(`/api/v1/cases/${caseNo}`, clerk)).body.certificates));
    expect(sum(await scrape('certificate'), 'yc_documents_awaiting_pickup') - sum(before.certificate, 'yc_documents_awaiting_pickup')).toBe(2);
    for (const c of certificates) expect((await e.http.post(`/api/v1/certificates/${c.id}/collect`, { collectorName: '李四', collectorIdNumber: contactId }, clerk)).status).toBe(200);
    expect(sum(await scrape('certificate'), 'yc_documents_awaiting_pickup')).toBe(sum(before.certificate, 'yc_documents_awaiting_pickup'));

    // the gateway counted each call by its route pattern
    const gateway = await scrape('gateway');
    const route = (method: string, pattern: string) => sum(gateway, `yc_http_request_duration_seconds_count{method="${method}",route="${pattern}"`) - sum(before.gateway, `yc_http_request_duration_seconds_count{method="${method}",route="${pattern}"`);
    expect(route('POST', '/api/v1/applications')).toBe(1);
    expect(route('POST', '/api/v1/applications/:id/accept')).toBe(1);
    expect(route('POST', '/api/v1/review/tasks/:id/decide')).toBe(2);
    expect(route('POST', '/api/v1/certificates/:id/collect')).toBe(2);
    // the SMS of the case are counted by state (as many as the case's notifications list)
    const sms = (await e.http.get<unknown[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body.length;
    expect(sms).toBeGreaterThan(0);
    const messages = await eventually(async () => ((s) => (sum(s, 'yc_messages{') - sum(before.notification, 'yc_messages{') >= sms ? s : null))(await scrape('notification')));
    expect(sum(messages, 'yc_messages{') - sum(before.notification, 'yc_messages{')).toBe(sms);

    // everything published: the outboxes are empty again
    for (const app of ['intake', 'review', 'certificate'] as const) {
      await eventually(async () => ((s) => (sum(s, 'yc_outbox_waiting') === 0 ? s : null))(await scrape(app)));
    }
    // no person, case number or token in any series
    for (const app of ALL_APPS) {
      const text = await raw(app);
      expect(findPii(text)).toEqual([]);
      expect(text).not.toContain(caseNo);
      expect(text).not.toContain(created.body.id);
    }
  });
});
