import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type CaseAcceptedV1, type EvaluationView, type SubmitEvaluationRequest } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aPhone, eventually, isoAt, publishTestEvent, readEvents, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { EvaluationEnv } from './config.js';
import { EvaluationModule } from './app.module.js';

let seq = 0;
const aCaseNo = () => `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}`;

function caseAccepted(caseNo: string, windowNo = 'W03'): CaseAcceptedV1 {
  return {
    caseNo,
    applicationId: '7d9f2a4e-0d7b-4d5e-9a52-3c1f2b7e8a10',
    stage: 1,
    acceptedAt: '2026-09-21T02:00:00.000Z',
    acceptedDate: '2026-09-21',
    acceptedBy: 'clerk1',
    windowNo,
    applicant: { kind: 'person', name: '张三', idNumber: '411523199001011234', phone: aPhone() },
    project: { code: '2026-411523-48-01-000001', name: '城北安置小区', location: '新县城北' },
    catalogVersion: 1,
    items: [],
  };
}

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('evaluation service over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  const submit = (req: SubmitEvaluationRequest, idempotencyKey?: string) =>
    rpc.request(Rpc.evaluation.submit, req, { actor: { username: 'pad-w03', roles: ['clerk'] }, ...(idempotencyKey ? { idempotencyKey } : {}) });
  /** a case accepted by intake, once evaluation has heard of it */
  const acceptedCase = async (): Promise<string> => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo));
    await eventually(async () => {
      const rows = (await app.get(DataSource).query(`SELECT 1 FROM case_ref WHERE case_no = $1`, [caseNo])) as unknown[];
      return rows.length === 1;
    });
    return caseNo;
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    // the service's clock: 10:00 in Xin County on 30 September 2026
    const env = loadEnv(EvaluationEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2026-09-30')) });
    app = await runService('evaluation', env, EvaluationModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('refuses to rate a case it has never heard of (NOT_FOUND), and accepts it once the case is accepted', async () => {
    const caseNo = aCaseNo();
    const unknown = await errorOf(submit({ caseNo, level: 'satisfied', channel: 'pad' }));
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown?.code).toBe('NOT_FOUND');

    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, 'W07'));
    // case.accepted arrives asynchronously: the pad retries until the case is known
    const rating = await eventually(() => submit({ caseNo, level: 'satisfied', channel: 'pad', comment: '办事很快' }).catch(() => null));
    const expected: Omit<EvaluationView, 'id' | 'createdAt'> = { caseNo, level: 'satisfied', channel: 'pad', bad: false, windowNo: 'W07', comment: '办事很快' };
    expect(rating).toMatchObject(expected);
    expect(Object.keys(rating).sort()).toEqual([...Object.keys(expected), 'id', 'createdAt'].sort());
    // the service's clock (set to 2026-09-30 10:00 in China) dates it
    expect(rating.createdAt.startsWith('2026-09-30T02:00')).toBe(true);
    const events = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.evaluationSubmitted)).filter((e) => e.data.caseNo === caseNo);
      return list.length > 0 ? list : null;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ evaluationId: rating.id, caseNo, level: 'satisfied', channel: 'pad', submittedAt: rating.createdAt });
    expect(events[0]?.source).toBe('evaluation');
  });

  it('takes one rating per case (一事一评): the second is ALREADY_RATED (409)', async () => {
    const caseNo = await acceptedCase();
    await submit({ caseNo, level: 'very_satisfied', channel: 'pad' });
    const second = await errorOf(submit({ caseNo, level: 'dissatisfied', channel: 'online' }));
    expect(second?.code).toBe('ALREADY_RATED');
    expect(second?.status).toBe(409);
    const list = await rpc.request(Rpc.evaluation.listByCase, { caseNo });
    expect(list.map((e) => e.level)).toEqual(['very_satisfied']);
  });

  it('lets only one of several simultaneous ratings of a case through', async () => {
    const caseNo = await acceptedCase();
    const results = await Promise.all(
      (['satisfied', 'basic', 'dissatisfied', 'very_satisfied'] as const).map((level) => submit({ caseNo, level, channel: 'pad' }).then(() => 'ok', (e: AppError) => e.code)),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'ALREADY_RATED')).toHaveLength(3);
    const events = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.evaluationSubmitted)).filter((e) => e.data.caseNo === caseNo);
      return list.length > 0 ? list : null;
    });
    expect(events).toHaveLength(1);
  });

  it('opens a rectification record for a bad review: to be called back within BAD_REVIEW_CALLBACK_DAYS, no handler yet', async () => {
    const caseNo = await acceptedCase();
    const rating = await submit({ caseNo, level: 'very_dissatisfied', channel: 'paper', windowNo: 'W05', comment: '材料被退回三次' });
    // 2026-09-30 + 5 days (calendar days, the default)
    expect(rating).toMatchObject({ bad: true, windowNo: 'W05', rectification: { status: 'pending_callback', dueDate: '2026-10-05' } });
    expect(rating.rectification?.handler).toBeUndefined();
    const [row] = (await app.get(DataSource).query(`SELECT status, due_date, handler FROM rectification WHERE evaluation_id = $1`, [rating.id])) as {
      status: string;
      due_date: string;
      handler: string | null;
    }[];
    expect(row).toEqual({ status: 'pending_callback', due_date: '2026-10-05', handler: null });
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo })).toEqual([rating]);

    // "basic" is not a bad review
    const other = await acceptedCase();
    const fine = await submit({ caseNo: other, level: 'basic', channel: 'online' });
    expect(fine.bad).toBe(false);
    expect(fine.rectification).toBeUndefined();
    const [{ n }] = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM rectification WHERE evaluation_id = $1`, [fine.id])) as { n: number }[];
    expect(n).toBe(0);
  });

  it('answers a repeated request with the same Idempotency-Key with the first reply, and refuses the key with another body', async () => {
    const caseNo = await acceptedCase();
    const req = { caseNo, level: 'dissatisfied', channel: 'pad' } as const;
    const first = await submit(req, `key-${caseNo}`);
    const again = await submit(req, `key-${caseNo}`);
    expect(again).toEqual(first);
    const reused = await errorOf(submit({ ...req, level: 'satisfied' }, `key-${caseNo}`));
    expect(reused?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const [{ n }] = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM rectification WHERE evaluation_id = $1`, [first.id])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('answers an invalid request with VALIDATION_FAILED listing each field', async () => {
    const err = await errorOf(submit({ caseNo: 'bad case no!', level: 'great', channel: 'pad' } as never));
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err?.details.map((d) => d.field)).toEqual(expect.arrayContaining(['level', 'caseNo']));
    const onlyLevel = await errorOf(submit({ caseNo: aCaseNo(), level: 'great', channel: 'pad' } as never));
    expect(onlyLevel?.details.map((d) => d.field)).toEqual(['level']);
  });

  it('lists nothing for a case without a rating', async () => {
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo: await acceptedCase() })).toEqual([]);
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo: 'NO-SUCH-CASE' })).toEqual([]);
  });
});
