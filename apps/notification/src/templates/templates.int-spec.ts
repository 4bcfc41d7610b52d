import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type Actor } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCaseAccepted, aCaseItem, aPhone, eventually, isoAt, publishTestEvent, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { NotificationEnv } from '../config.js';
import { NotificationModule } from '../app.module.js';

const admin: Actor = { username: 'admin1', roles: ['admin'] };
const supervisor: Actor = { username: 'jc1', roles: ['supervisor'] };

let seq = 0;
const aCaseNo = () => `411523-2096-${String(++seq).padStart(6, '0')}-${process.pid}`;

/**
 * The clock of this suite runs in 2096: a message held until the end of quiet hours is then in the future for any
 * dispatcher, whether it compares with the service's clock or with the database's.
 */
const DAY = '2096-11-26';

describe('SMS templates owned by the administrator, and quiet hours (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let ds: DataSource;
  const setClock = (china: string) => app.get(Clock).set(new Date(china));
  const accept = async () => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, aCaseAccepted(caseNo, DAY, [aCaseItem('ZRZY-001', ['ZRZY', '自然资源局'], 10, '2096-12-10')]));
    const m = await eventually(async () => {
      const l = await rpc.request(Rpc.notification.listByCase, { caseNo });
      return l.length === 1 ? l[0] : null;
    });
    return { caseNo, m };
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(NotificationEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', SMS_POLL_MS: '100', ...serviceClockAt(isoAt(DAY)) });
    app = await runService('notification', env, NotificationModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('lists every template with its variables and version 0 (the default text) to supervisors and admins', async () => {
    const list = await rpc.request(Rpc.notification.listTemplates, {}, { actor: supervisor });
    const accepted = list.find((t) => t.code === 'CASE_ACCEPTED');
    expect(accepted).toMatchObject({ name: '受理短信', audience: 'applicant', urgent: false, version: 0, maxSegments: 3 });
    expect(accepted?.body).toBe(accepted?.defaultBody);
    expect(accepted?.segments).toBe(2);
    expect(accepted?.variables.find((v) => v.name === 'caseNo')).toMatchObject({ description: '办件编号', elastic: false, maxLength: 40 });
    expect(list.find((t) => t.code === 'QUEUE_TURN_NEAR')?.urgent).toBe(true);
    const err = (await rpc.request(Rpc.notification.listTemplates, {}, { actor: { username: 'clerk1', roles: ['clerk'] } }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('FORBIDDEN');
  });

  it('uses a saved version for the next message and records the version used', async () => {
    const before = await accept();
    expect(before.m.templateVersion).toBe(0);
    expect(before.m.content).toContain('可凭办件编号和手机号后四位电话查询进度');

    const body = '【{signature}】{name}您好，您的办件{caseNo}已于{date}受理，共{items}个事项。咨询电话{hallPhone}。';
    const preview = await rpc.request(Rpc.notification.previewTemplate, { code: 'CASE_ACCEPTED', body }, { actor: admin });
    expect(preview).toMatchObject({ problems: [], parts: 2, worstCaseSegments: 2 });
    expect(preview.text).toBe('【新县政务服务中心】新县城投建设有限公司您好，您的办件411523-2026-000001已于2026年11月26日受理，共2个事项。咨询电话0376-2962000。');

    const saved = await rpc.request(Rpc.notification.saveTemplate, { code: 'CASE_ACCEPTED', body, note: '简化受理短信', expectedVersion: 0 }, { actor: admin });
    expect(saved).toMatchObject({ version: 1, body, updatedBy: 'admin1' });

    const after = await accept();
    expect(after.m.templateVersion).toBe(1);
    expect(after.m.content).toBe(`【新县政务服务中心】信县示范建设有限公司您好，您的办件${after.caseNo}已于2096年11月26日受理，共1个事项。咨询电话0376-2962000。`);
    const [row] = (await ds.query(`SELECT params, template_version FROM message WHERE case_no = $1`, [after.caseNo])) as { params: Record<string, string>; template_version: number }[];
    expect(row?.params).toMatchObject({ caseNo: after.caseNo, name: '信县示范建设有限公司', items: '1', date: '2096年11月26日' });

    const detail = await rpc.request(Rpc.notification.getTemplate, { code: 'CASE_ACCEPTED' }, { actor: supervisor });
    expect(detail.history).toEqual([expect.objectContaining({ version: 1, body, note: '简化受理短信', createdBy: 'admin1' })]);
  });

  it('refuses a body with every problem listed, and saves nothing', async () => {
    const body = '您好{name}，{nosuch}{other}办件{caseNo' + '很长的固定文字说明'.repeat(30);
    const err = (await rpc.request(Rpc.notification.saveTemplate, { code: 'RESULT_READY', body, expectedVersion: 0 }, { actor: admin }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d) => d['kind']).sort()).toEqual(['braces', 'signature', 'too_many_parts', 'unknown_variable', 'unknown_variable']);
    expect(err.details.find((d) => d['variable'] === 'nosuch')?.['problemText']).toContain('未知变量{nosuch}');
    const detail = await rpc.request(Rpc.notification.getTemplate, { code: 'RESULT_READY' }, { actor: admin });
    expect(detail).toMatchObject({ version: 0, history: [] });
    // the preview shows the same problems without saving
    const preview = await rpc.request(Rpc.notification.previewTemplate, { code: 'RESULT_READY', body }, { actor: admin });
    expect(preview.text).toBeUndefined();
    expect(preview.problems).toHaveLength(5);
  });

  it('refuses a stale expectedVersion as CONFLICT, and a supervisor saving as FORBIDDEN', async () => {
    const body = '【{signature}】{name}您好，您的办件{caseNo}审批结果（{documents}）已办结，请到{hallName}领取。咨询电话{hallPhone}。';
    await rpc.request(Rpc.notification.saveTemplate, { code: 'RESULT_READY', body, expectedVersion: 0 }, { actor: admin });
    const stale = (await rpc.request(Rpc.notification.saveTemplate, { code: 'RESULT_READY', body: `${body}谢谢。`, expectedVersion: 0 }, { actor: admin }).catch((e: unknown) => e)) as AppError;
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details[0]?.['currentVersion']).toBe(1);
    const forbidden = (await rpc.request(Rpc.notification.saveTemplate, { code: 'RESULT_READY', body, expectedVersion: 1 }, { actor: supervisor }).catch((e: unknown) => e)) as AppError;
    expect(forbidden.code).toBe('FORBIDDEN');
    expect((await rpc.request(Rpc.notification.getTemplate, { code: 'RESULT_READY' }, { actor: admin })).history).toHaveLength(1);
  });

  it('holds a message created at 22:30 China time until 08:00, and sends an urgent one at once', async () => {
    setClock(`${DAY}T22:30:00+08:00`);
    try {
      const { caseNo, m } = await accept();
      expect(m.status).toBe('created');
      expect(m.heldUntil).toBe(new Date('2096-11-27T08:00:00+08:00').toISOString());
      const [row] = (await ds.query(`SELECT quiet_hours FROM message WHERE case_no = $1`, [caseNo])) as { quiet_hours: boolean }[];
      expect(row?.quiet_hours).toBe(true);

      const ticketId = `ticket-${caseNo}`;
      await publishTestEvent(infra.natsUrl, Events.turnNear, { ticketId, ticketNo: 'A001', phone: aPhone(), category: 'stage1', ahead: 1 });
      const [urgent] = await eventually(async () => {
        const l = await rpc.request(Rpc.notification.listByRef, { ref: ticketId });
        return l.length === 1 ? l : null;
      });
      expect(urgent?.heldUntil).toBeUndefined();
      const [u] = (await ds.query(`SELECT quiet_hours, next_attempt_at, created_at FROM message WHERE ref = $1`, [ticketId])) as { quiet_hours: boolean; next_attempt_at: Date | null; created_at: Date }[];
      expect(u?.quiet_hours).toBe(false);
      // due at once: not held (or already sent, by a dispatcher that compares with the service's clock)
      if (u?.next_attempt_at) expect(u.next_attempt_at.toISOString()).toBe(u.created_at.toISOString());
    } finally {
      setClock(isoAt(DAY));
    }
  });
});
