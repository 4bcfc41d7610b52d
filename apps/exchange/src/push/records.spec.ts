import { describe, expect, it } from '@jest/globals';
import type { AlarmRaisedV1, CaseAcceptedV1, EventEnvelope, TaskAlarmRaisedV1, TaskSuspendedV1 } from '@yichuang/contracts';
import { acceptedRecords, alarmsClearedRecord, intakeAlarmRecord, suspendedRecords, taskAlarmRecord, wireBody } from './records.js';

const envelope = <T>(data: T): EventEnvelope<T> => ({ id: '0f8fad5b-d9cb-469f-a165-70867728950e', occurredAt: '2026-11-26T02:00:00.000Z', data }) as unknown as EventEnvelope<T>;

const accepted = (kind: 'person' | 'enterprise', idNumber: string) =>
  envelope<CaseAcceptedV1>({
    caseNo: '411523-2026-000001',
    applicationId: 'a',
    stage: 1,
    acceptedAt: '2026-11-26T02:00:00.000Z',
    acceptedDate: '2026-11-26',
    acceptedBy: 'clerk1',
    windowNo: 'W01',
    applicant: { kind, name: '张三', idNumber, phone: '13912345678' },
    project: { code: '2026-411523-48-01-000001', name: '城北安置小区', location: '新集镇' },
    catalogVersion: 1,
    items: [{ itemCode: 'ZRZY-001', itemName: '用地预审', departmentCode: 'ZRZY', departmentName: '自然资源局', kind: 'licence', legalDays: 20, promisedDays: 10, dueDate: '2026-12-10', resultDocument: { type: 'x', name: 'y' } }],
  } as unknown as CaseAcceptedV1);

describe('the records the province is sent', () => {
  it('reports an acceptance to both counterparts, each with its own id derived from the event', () => {
    const rs = acceptedRecords(accepted('enterprise', '91411523MA0000000X'));
    expect(rs.map((r) => r.id)).toEqual(['0f8fad5b-d9cb-469f-a165-70867728950e:zwfw', '0f8fad5b-d9cb-469f-a165-70867728950e:gcjs']);
    expect(rs.every((r) => r.milestone === 'accepted' && r.caseNo === '411523-2026-000001' && r.occurredAt === '2026-11-26T02:00:00.000Z')).toBe(true);
  });

  it('names the applicant to the 政务服务网 only, a resident ID masked, never the phone', () => {
    const [zwfw, gcjs] = acceptedRecords(accepted('person', '411523199001011234'));
    expect(zwfw?.data['applicant']).toEqual({ kind: 'person', name: '张三', idNumber: expect.not.stringContaining('199001011') });
    expect(JSON.stringify(zwfw)).not.toContain('13912345678');
    expect(gcjs?.data['applicant']).toBeUndefined();
    expect(JSON.stringify(gcjs)).not.toContain('张三');
    expect(gcjs?.data['items']).toEqual([expect.objectContaining({ itemCode: 'ZRZY-001', dueDate: '2026-12-10' })]);
  });

  it('lists the materials received to the 政务服务网 (相关材料录入政务服务网), not to the 工程建设项目审批管理系统', () => {
    const e = accepted('enterprise', '91411523MA0000000X');
    (e.data as { materials?: unknown }).materials = [{ code: 'M1', name: '用地申请表', form: 'paper' }, { code: 'M2', name: '总平面图', form: 'electronic' }];
    const [zwfw, gcjs] = acceptedRecords(e);
    expect(zwfw?.data['materials']).toEqual([{ code: 'M1', name: '用地申请表', form: 'paper' }, { code: 'M2', name: '总平面图', form: 'electronic' }]);
    expect(gcjs?.data['materials']).toBeUndefined();
    // an event written before the materials were carried: none listed
    expect(acceptedRecords(accepted('enterprise', '91411523MA0000000X'))[0]?.data['materials']).toBeUndefined();
  });

  it('reports a correction as a suspension of the department clock', () => {
    const [r] = suspendedRecords(envelope<TaskSuspendedV1>({ taskId: 't', caseNo: 'c', itemCode: 'ZRZY-001', departmentCode: 'ZRZY', kind: 'correction', reason: '缺图', at: '2026-11-27T01:00:00.000Z' } as TaskSuspendedV1));
    expect(r).toMatchObject({ milestone: 'suspended', occurredAt: '2026-11-27T01:00:00.000Z', data: { kind: 'correction', itemCode: 'ZRZY-001' } });
    expect(JSON.stringify(r)).not.toContain('缺图');
  });

  it('renames the top-level fields by the counterpart mapping, the others kept', () => {
    const [r] = acceptedRecords(accepted('enterprise', '91411523MA0000000X'));
    if (!r) throw new Error('no record');
    const body = wireBody(r, { caseNo: 'bjbh', occurredAt: 'fssj' });
    expect(Object.keys(body).sort()).toEqual(['bjbh', 'data', 'fssj', 'id', 'milestone']);
    expect(body['bjbh']).toBe('411523-2026-000001');
  });

  it('reports a task alarm to the 电子监察 only, with the matter whose settling clears it', () => {
    const r = taskAlarmRecord(envelope<TaskAlarmRaisedV1>({ alarmId: 'a1', taskId: 't1', caseNo: 'c1', departmentCode: 'ZRZY', level: 'red', dueDate: '2026-09-29', remainingWorkingDays: -1, raisedAt: '2026-09-30T02:00:00.000Z' }));
    expect(r).toMatchObject({ id: '0f8fad5b-d9cb-469f-a165-70867728950e:dzjc', counterpart: 'dzjc', caseNo: 'c1', milestone: 'alarm_raised', data: { kind: 'task_overdue', matter: 'task:t1' } });
    const cleared = alarmsClearedRecord(envelope({}), 'c1', '2026-10-08T01:00:00.000Z', ['a1'], 'task_decided');
    expect(cleared).toMatchObject({ counterpart: 'dzjc', milestone: 'alarm_cleared', data: { alarmIds: ['a1'], reason: 'task_decided' } });
  });

  it("reports intake's Art. 32 alarm, keyed by the application before it has a case number, and not the complaints' alarms", () => {
    const art32 = intakeAlarmRecord(envelope<AlarmRaisedV1>({ alarmId: 'a2', kind: 'deemed_acceptance', level: 'red', message: 'x', applicationId: 'app1', raisedAt: '2026-09-30T02:00:00.000Z' }));
    expect(art32).toMatchObject({ caseNo: 'app1', data: { matter: 'application:app1', source: 'intake' } });
    expect(intakeAlarmRecord(envelope<AlarmRaisedV1>({ alarmId: 'a3', kind: 'complaint_overdue', level: 'red', message: 'x', raisedAt: '2026-09-30T02:00:00.000Z' }))).toBeUndefined();
  });
});
