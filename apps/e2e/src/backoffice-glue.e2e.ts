/**
 * The back-office glue between review and the hall: a task suspended (特殊程序, 补齐补正) tells the applicant by SMS
 * and shows on the case's timeline; a supplement received at the window goes out as `supplement.received`;
 * a task alarm (黄牌/红牌) reaches the department's reviewers and head by SMS. The review events are published
 * by the test, as the review service would.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Events, Rpc, type NotificationView } from '@yichuang/contracts';
import { aCreditCode, aProjectCode, eventually, publishTestEvent, readEvents, testRpcClient } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface Item { code: string; stage: number; department: { code: string }; materials: { code: string; name: string; required: boolean }[] }
interface Task { id: string; caseNo: string; itemCode: string; department: string }
interface CaseBody { caseNo: string; status: string; timeline: { event: string; actor: string; detail?: string }[] }
interface ErrorAnswer { error: { code: string; message: string; details: { field?: string; problem: string }[] } }

describe('back-office glue: suspensions, supplements and alarms', () => {
  let e: E2E;
  let clerk: string;
  let items: Item[];
  let caseNo: string;
  let zrzyTask: Task;

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body;

    const chosen = items.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: chosen.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', agentName: '李四' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: chosen.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    caseNo = accepted.body.caseNo;
    const zrzy = await e.http.login('zrzy1');
    zrzyTask = await eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0]);
    // the applicant's recipient is known to notification once the acceptance SMS exists
    await eventually(async () => (await e.http.get<NotificationView[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body.length > 0);
  }, 150_000);

  afterAll(async () => {
    await e?.stop();
  });

  const caseBody = async () => (await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk)).body;

  it('tells the applicant about a special procedure and notes it on the timeline', async () => {
    await publishTestEvent(e.infra.natsUrl, Events.taskSuspended, {
      taskId: zrzyTask.id,
      caseNo,
      itemCode: 'ZRZY-001',
      departmentCode: 'ZRZY',
      kind: 'special_procedure',
      procedure: 'site_inspection',
      reason: '需现场核实用地范围',
      expectedWorkingDays: 5,
      at: '2026-11-27T09:00:00+08:00',
    });
    const sms = await eventually(async () => {
      const r = await e.http.get<NotificationView[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.find((m) => m.template === 'TASK_SUSPENDED');
    });
    expect(sms.recipient).toBe('139****5678');
    expect(sms.content).toContain(`您的办件${caseNo}中“`);
    expect(sms.content).toContain('需进行联合踏勘（需现场核实用地范围），预计5个工作日，该期间不计入审批时限');

    const timeline = await eventually(async () => {
      const c = await caseBody();
      return c.timeline.find((t) => t.event === 'task_suspended');
    });
    expect(timeline.detail).toContain('特殊程序：联合踏勘（需现场核实用地范围），预计5个工作日');
    // the SMS's sending is noted too
    await eventually(async () => (await caseBody()).timeline.some((t) => t.event === 'message_sent' && t.detail?.includes('特殊程序告知短信')));
  });

  it('tells the applicant what to correct, and each suspension event gives its own SMS', async () => {
    const correction = {
      taskId: zrzyTask.id,
      caseNo,
      itemCode: 'ZRZY-001',
      departmentCode: 'ZRZY',
      kind: 'correction' as const,
      reason: '材料需补正',
      items: [{ materialCode: 'ZRZY-001-M05', description: '土地利用现状图未标注项目用地范围' }],
      at: '2026-11-27T10:00:00+08:00',
    };
    const id = randomUUID();
    await publishTestEvent(e.infra.natsUrl, Events.taskSuspended, correction, { id, msgId: id });
    const sms = await eventually(async () => {
      const r = await e.http.get<NotificationView[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.find((m) => m.template === 'CORRECTION_REQUESTED');
    });
    expect(sms.content).toContain('需补齐补正：1.土地利用现状图未标注项目用地范围。');
    const timeline = await eventually(async () => (await caseBody()).timeline.find((t) => t.event === 'task_suspended' && t.detail?.includes('补齐补正')));
    expect(timeline.detail).toContain('补齐补正：土地利用现状图未标注项目用地范围');
  });

  it('refuses a supplement with a material of another item, listing it', async () => {
    const other = items.find((i) => i.code !== 'ZRZY-001' && i.code !== 'FGW-002' && i.materials.length > 0);
    const zrzy001 = items.find((i) => i.code === 'ZRZY-001');
    const stray = other?.materials.find((m) => !zrzy001?.materials.some((x) => x.code === m.code) && !items.find((i) => i.code === 'FGW-002')?.materials.some((x) => x.code === m.code));
    expect(stray).toBeDefined();
    const r = await e.http.post<ErrorAnswer>(
      `/api/v1/cases/${caseNo}/supplements`,
      { materials: [{ code: zrzy001?.materials[0]?.code, form: 'paper' }, { code: stray?.code, form: 'electronic' }] },
      clerk,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details).toEqual([{ field: 'materials[1].code', problem: expect.stringContaining(String(stray?.code)) }]);
    // nothing recorded
    expect((await caseBody()).timeline.some((t) => t.event === 'supplement_received')).toBe(false);
  });

  it('records a supplement, notes it, and publishes supplement.received', async () => {
    const zrzy001 = items.find((i) => i.code === 'ZRZY-001');
    const material = zrzy001?.materials.find((m) => m.code.endsWith('M05')) ?? zrzy001?.materials[0];
    expect(material).toBeDefined();
    const r = await e.http.post<CaseBody & { applicant: { phone: string } }>(`/api/v1/cases/${caseNo}/supplements`, { materials: [{ code: material?.code, form: 'paper' }] }, clerk);
    expect(r.status).toBe(200);
    expect(r.body.applicant.phone).toBe('139****5678');
    expect(r.body.timeline.find((t) => t.event === 'supplement_received')).toMatchObject({ actor: 'clerk1', detail: `补正材料已收到：${material?.name}` });

    const events = await eventually(async () => {
      const list = await readEvents(e.infra.natsUrl, Events.supplementReceived);
      return list.filter((x) => x.data.caseNo === caseNo).length > 0 ? list.filter((x) => x.data.caseNo === caseNo) : null;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data.materialCodes).toEqual([material?.code]);

    // a reviewer may not hand in supplements
    const zrzy = await e.http.login('zrzy1');
    expect((await e.http.post(`/api/v1/cases/${caseNo}/supplements`, { materials: [{ code: material?.code, form: 'paper' }] }, zrzy)).status).toBe(403);
  });

  it('notes the resumed review with the new promised date', async () => {
    await publishTestEvent(e.infra.natsUrl, Events.taskResumed, { taskId: zrzyTask.id, caseNo, departmentCode: 'ZRZY', dueDate: '2026-12-18', at: '2026-11-28T09:00:00+08:00' });
    const t = await eventually(async () => (await caseBody()).timeline.find((x) => x.event === 'task_resumed'));
    expect(t.detail).toContain('恢复审查，承诺办结日期调整为2026-12-18');
  });

  it('sends a yellow card to the department reviewers and head, once each, phones masked in the logs', async () => {
    const alarmId = randomUUID();
    const alarm = { alarmId, taskId: zrzyTask.id, caseNo, departmentCode: 'ZRZY', level: 'yellow' as const, dueDate: '2026-12-18', remainingWorkingDays: 2, raisedAt: '2026-12-16T09:00:00+08:00' };
    await publishTestEvent(e.infra.natsUrl, Events.taskAlarmRaised, alarm);
    // the same alarm again (another event id): no second SMS to anyone
    await publishTestEvent(e.infra.natsUrl, Events.taskAlarmRaised, alarm);
    const rpc = testRpcClient(e.infra.natsUrl);
    try {
      const sms = await eventually(async () => {
        const list = await rpc.request(Rpc.notification.listByRef, { ref: alarmId });
        return list.length >= 2 && list.every((m) => m.status === 'delivered') ? list : null;
      });
      const recipients = sms.map((m) => m.recipient);
      expect(recipients).toEqual(expect.arrayContaining(['139****0202', '139****0402']));
      expect(new Set(recipients).size).toBe(recipients.length);
      for (const m of sms) {
        expect(m.template).toBe('TASK_ALARM');
        expect(m.content).toMatch(new RegExp(`^【电子监察】黄牌预警：办件${caseNo}“.+”剩余2个工作日`));
      }
    } finally {
      await rpc.onApplicationShutdown();
    }
    await eventually(async () => e.logs.some((l) => l.app === 'notification' && l.line.includes('sms to 139****0402 template TASK_ALARM')));
    expect(e.logs.some((l) => l.line.includes('13937600402') || l.line.includes('13937600202') || l.line.includes('13912345678'))).toBe(false);
    // staff messages are not the applicant's
    const applicant = await e.http.get<NotificationView[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
    expect(applicant.body.some((m) => m.template === 'TASK_ALARM')).toBe(false);
  });
});
