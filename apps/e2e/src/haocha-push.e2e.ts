/**
 * The push of ratings to the provincial 好差评 platform (issue 14.6) over HTTP, against the compiled apps, real
 * PostgreSQL and NATS, and a local provincial stub the test starts (libs/testing `startHaochaStub`): a rating reaches
 * the platform exactly once, also when the evaluation service is SIGKILLed after the platform took the record and
 * before the service recorded its answer; a platform answering 5xx is retried and the supervisor sees the backlog.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, eventually, startHaochaStub, type HaochaStub } from '@yichuang/testing';
import type { ProvincialPushBacklog } from '@yichuang/contracts';
import { startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean }[] }

describe('provincial 好差评 push over HTTP', () => {
  let e: E2E;
  let stub: HaochaStub;
  let clerk: string;
  let supervisor: string;
  let items: Item[];

  beforeAll(async () => {
    stub = await startHaochaStub();
    e = await startE2E({
      env: {
        HAOCHA_PUSH_URL: stub.url,
        HAOCHA_APP_ID: stub.appId,
        HAOCHA_APP_SECRET: stub.secret,
        HAOCHA_PUSH_INTERVAL_MS: '200',
        HAOCHA_RETRY_BASE_MS: '100',
        HAOCHA_RETRY_MAX_MS: '400',
        HAOCHA_TIMEOUT_MS: '60000',
      },
    });
    clerk = await e.http.login('clerk1');
    supervisor = await e.http.login('supervisor1');
    items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'FGW-002');
  });

  afterAll(async () => {
    await e?.stop();
    await stub?.close();
  });

  /** an accepted case, once evaluation has heard of it: rated `level` at the window's pad */
  async function ratedCase(level = 'satisfied'): Promise<string> {
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13812345678' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    const caseNo = accepted.body.caseNo;
    // the evaluation service hears of the acceptance asynchronously: the pad retries a moment
    await eventually(async () => (await e.http.post('/api/v1/evaluations', { caseNo, level, channel: 'pad' }, clerk)).status === 201);
    return caseNo;
  }
  const atStub = (caseNo: string) => stub.records().filter((r) => r.data['caseNo'] === caseNo);
  const backlog = async () => {
    const r = await e.http.get<ProvincialPushBacklog>('/api/v1/supervision/haocha-push', supervisor);
    expect(r.status).toBe(200);
    return r.body;
  };

  it('pushes a rating to the provincial platform once, with its national score', async () => {
    const caseNo = await ratedCase('dissatisfied');
    await eventually(async () => atStub(caseNo).length === 1, 30_000);
    expect(atStub(caseNo)[0]).toMatchObject({ kind: 'rating', requests: 1, data: { caseNo, level: 'dissatisfied', score: 2, channel: 'pad' } });
    // the platform has the record; the service records its answer a moment later
    const b = await eventually(async () => {
      const now = await backlog();
      return now.pushed >= 1 && !now.items.some((i) => i.caseNo === caseNo) ? now : undefined;
    }, 30_000);
    expect(b.enabled).toBe(true);
    expect((await e.http.get('/api/v1/supervision/haocha-push', clerk)).status).toBe(403);
  });

  it('reaches the platform exactly once when the evaluation service is SIGKILLed between the platform\'s answer and its commit', async () => {
    const release = stub.holdAnswers();
    let caseNo = '';
    try {
      caseNo = await ratedCase();
      // the platform has taken the record; its answer is held, so the service has not recorded it
      await eventually(async () => atStub(caseNo).length === 1, 30_000);
      await e.system.kill('evaluation', 'SIGKILL');
    } finally {
      release();
    }
    expect(atStub(caseNo)[0]?.requests).toBe(1);
    e.system.start('evaluation');
    await e.system.waitHealthy(60_000);
    // the row was still pending: pushed again with the same id, which the platform counts once
    await eventually(async () => (atStub(caseNo)[0]?.requests ?? 0) >= 2, 30_000);
    await eventually(async () => !(await backlog()).items.some((i) => i.caseNo === caseNo), 30_000);
    expect(atStub(caseNo)).toHaveLength(1);
    expect(stub.records().filter((r) => r.kind === 'rating' && r.data['caseNo'] === caseNo)).toHaveLength(1);
  });

  it('retries a platform answering 5xx, the supervisor seeing the backlog meanwhile, then pushes once', async () => {
    stub.failNext(1_000_000, 502);
    let caseNo = '';
    try {
      caseNo = await ratedCase('very_satisfied');
      const item = await eventually(async () => (await backlog()).items.find((i) => i.caseNo === caseNo && i.attempts >= 2), 30_000);
      expect(item).toMatchObject({ kind: 'rating', status: 'pending' });
      expect(item.lastError).toContain('HTTP 502');
      const b = await backlog();
      expect(b.pending).toBeGreaterThanOrEqual(1);
      expect(b.failing).toBeGreaterThanOrEqual(1);
      expect(b.oldestPendingAt).toBeDefined();
      expect(atStub(caseNo)).toHaveLength(0);
    } finally {
      stub.failNext(0);
    }
    await eventually(async () => atStub(caseNo).length === 1, 30_000);
    await eventually(async () => !(await backlog()).items.some((i) => i.caseNo === caseNo), 30_000);
    expect(atStub(caseNo)[0]?.requests).toBe(1);
  });
});
