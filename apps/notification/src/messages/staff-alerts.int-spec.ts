import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Events, Rpc, type AlarmRaisedV1, type StaffContact, type TaskAlarmRaisedV1 } from '@yichuang/contracts';
import { maskPhone } from '@yichuang/domain';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aPhone, eventually, fakeRpcService, publishTestEvent, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { NotificationEnv } from '../config.js';
import { NotificationModule } from '../app.module.js';

const STAFF: StaffContact[] = [
  { username: 'zrzy1', displayName: '李志强', phone: aPhone(), roles: ['reviewer'] },
  { username: 'zrzy_head', displayName: '吴德明', phone: aPhone(), roles: ['reviewer', 'department_head'] },
  { username: 'zrzy_clerk', displayName: '王五', phone: aPhone(), roles: ['clerk'] },
  { username: 'jc1', displayName: '周监察', phone: aPhone(), roles: ['supervisor'] },
  { username: 'jc2', displayName: '孙监察', phone: aPhone(), roles: ['supervisor'] },
  { username: 'clerk1', displayName: '陈晓燕', phone: aPhone(), roles: ['clerk'] },
  { username: 'consult1', displayName: '刘佳', phone: aPhone(), roles: ['consultant'] },
];
const ZRZY = new Set(['zrzy1', 'zrzy_head', 'zrzy_clerk']);
const phoneOf = (username: string) => maskPhone(STAFF.find((s) => s.username === username)?.phone ?? '');

describe('电子监察 SMS to staff: task alarms, Art. 32, overdue complaints (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  const byRef = (ref: string) => rpc.request(Rpc.notification.listByRef, { ref });
  /** the alarm's messages, once `n` exist */
  const messages = (ref: string, n: number) =>
    eventually(async () => {
      const l = await byRef(ref);
      return l.length === n ? l : null;
    });
  /** publish an event of a marker alarm and wait for its SMS: everything published before has been handled */
  const settle = async () => {
    const alarmId = randomUUID();
    await publishTestEvent(infra.natsUrl, Events.alarmRaised, { alarmId, kind: 'complaint_overdue', level: 'red', message: 'x', raisedAt: TEST_INSTANT, topic: '标记', dueDate: '2026-11-20' });
    await messages(alarmId, 2);
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    // admin's staff contacts, filtered as admin does
    fakeRpcService(
      nc,
      Rpc.admin.staffContacts,
      (req) =>
        STAFF.filter(
          (s) =>
            (!req.departmentCode || (req.departmentCode === 'ZRZY' && ZRZY.has(s.username))) &&
            (!req.role || s.roles.includes(req.role)) &&
            (!req.usernames || req.usernames.includes(s.username)),
        ),
      'admin',
    );
    await nc.flush();
    const env = loadEnv(NotificationEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', SMS_POLL_MS: '100', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('notification', env, NotificationModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  it('sends a red task alarm to the reviewers, the head and the supervisors, once each although the event comes twice', async () => {
    const alarm: TaskAlarmRaisedV1 = { alarmId: randomUUID(), taskId: 't-1', caseNo: 'C-1', departmentCode: 'ZRZY', level: 'red', dueDate: '2026-12-10', remainingWorkingDays: -2, raisedAt: TEST_INSTANT };
    const first = await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
    const sms = await messages(alarm.alarmId, 4);
    expect(sms.map((m) => m.recipient).sort()).toEqual(['zrzy1', 'zrzy_head', 'jc1', 'jc2'].map(phoneOf).sort());
    for (const m of sms) {
      expect(m.template).toBe('TASK_ALARM');
      expect(m.content).toBe('【电子监察】红牌警告：办件C-1“ZRZY”已超期2个工作日（承诺办结日期2026年12月10日），请立即办理并说明超期原因。');
    }
    // the same event again (past JetStream's de-duplication), and another event of the same alarm
    await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, first.data, { id: first.id, msgId: `${first.id}-again` });
    await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
    await settle();
    expect(await byRef(alarm.alarmId)).toHaveLength(4);
  });

  it('sends a yellow card to the department only', async () => {
    const alarm: TaskAlarmRaisedV1 = { alarmId: randomUUID(), taskId: 't-2', caseNo: 'C-2', departmentCode: 'ZRZY', level: 'yellow', dueDate: '2026-12-10', remainingWorkingDays: 2, raisedAt: TEST_INSTANT };
    await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
    await settle();
    expect((await byRef(alarm.alarmId)).map((m) => m.recipient).sort()).toEqual(['zrzy1', 'zrzy_head'].map(phoneOf).sort());
  });

  it('tells the supervisors and the receiving clerk of an application deemed accepted (Art. 32), once each', async () => {
    const alarm: AlarmRaisedV1 = {
      alarmId: randomUUID(),
      kind: 'deemed_acceptance',
      level: 'red',
      message: '…',
      applicationId: randomUUID(),
      raisedAt: TEST_INSTANT,
      project: '城北安置小区',
      receivedDate: '2026-11-18',
      dueDate: '2026-11-25',
      receivedBy: 'clerk1',
    };
    await publishTestEvent(infra.natsUrl, Events.alarmRaised, alarm);
    await publishTestEvent(infra.natsUrl, Events.alarmRaised, alarm);
    const sms = await messages(alarm.alarmId, 3);
    await settle();
    expect(await byRef(alarm.alarmId)).toHaveLength(3);
    expect(sms.map((m) => m.recipient).sort()).toEqual(['clerk1', 'jc1', 'jc2'].map(phoneOf).sort());
    expect(sms[0]?.content).toBe('【电子监察】红牌警告：申请“城北安置小区”自2026年11月18日收到材料起5个工作日内（至2026年11月25日）未一次性告知也未作出决定，依法视为受理，请立即核实处理。');
    expect(sms[0]?.template).toBe('DEEMED_ACCEPTANCE_ALARM');
  });

  it('tells the handler and the supervisors of an overdue complaint, once each', async () => {
    const alarm: AlarmRaisedV1 = { alarmId: randomUUID(), kind: 'complaint_overdue', level: 'red', message: '…', raisedAt: TEST_INSTANT, consultationId: randomUUID(), topic: '窗口态度', dueDate: '2026-11-20', handler: 'consult1' };
    const first = await publishTestEvent(infra.natsUrl, Events.alarmRaised, alarm);
    await publishTestEvent(infra.natsUrl, Events.alarmRaised, first.data, { id: first.id, msgId: `${first.id}-again` });
    const sms = await messages(alarm.alarmId, 3);
    await settle();
    expect(await byRef(alarm.alarmId)).toHaveLength(3);
    expect(sms.map((m) => m.recipient).sort()).toEqual(['consult1', 'jc1', 'jc2'].map(phoneOf).sort());
    expect(sms[0]?.content).toBe('【电子监察】红牌警告：投诉“窗口态度”应于2026年11月20日前答复，现已超期未办结，请立即处理并答复投诉人。');
  });
});
