import type {
  AlarmRaisedV1,
  DeliveryAlarmRaisedV1,
  TaskAlarmRaisedV1,
  CaseAcceptedV1,
  CaseDecidedV1,
  CertificateCollectedV1,
  CertificatesIssuedV1,
  EventEnvelope,
  ExchangeCounterpart,
  ExchangeMilestone,
  TaskDecidedV1,
  TaskResumedV1,
  TaskSuspendedV1,
} from '@yichuang/contracts';
import { maskIdNumber } from '@yichuang/domain';

/**
 * One record for one counterpart: what the province is told about one step of a case. `id` is ours and the
 * province's de-duplication key (`<event id>:<counterpart>`: a redelivered event makes the same id).
 */
export interface ExchangeRecord {
  id: string;
  counterpart: ExchangeCounterpart;
  caseNo: string;
  milestone: ExchangeMilestone;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** the two counterparts each step of a case is reported to (the alarms go to the 电子监察, `dzjc`) */
const BOTH: readonly ExchangeCounterpart[] = ['zwfw', 'gcjs'];

function records(e: EventEnvelope<unknown>, caseNo: string, milestone: ExchangeMilestone, occurredAt: string, data: (c: ExchangeCounterpart) => Record<string, unknown>): ExchangeRecord[] {
  return BOTH.map((counterpart) => ({ id: `${e.id}:${counterpart}`, counterpart, caseNo, milestone, occurredAt, data: data(counterpart) }));
}

/**
 * 受理: the case record. Personal data only where the counterpart needs it: the applicant goes to the 政务服务网 (an
 * 办件 record names its applicant), with a resident's ID number masked (an enterprise's credit code is public) and
 * never the phone; the 工程建设项目审批管理系统 is told the project, the stage and the items.
 */
export function acceptedRecords(e: EventEnvelope<CaseAcceptedV1>): ExchangeRecord[] {
  const d = e.data;
  const items = d.items.map((i) => ({ itemCode: i.itemCode, itemName: i.itemName, departmentCode: i.departmentCode, legalDays: i.legalDays, promisedDays: i.promisedDays, dueDate: i.dueDate }));
  const project = { code: d.project.code, name: d.project.name, location: d.project.location };
  return records(e, d.caseNo, 'accepted', d.acceptedAt, (c) => ({
    stage: d.stage,
    project,
    items,
    acceptedDate: d.acceptedDate,
    ...(d.windowNo ? { windowNo: d.windowNo } : {}),
    ...(c === 'zwfw'
      ? {
          applicant: { kind: d.applicant.kind, name: d.applicant.name, idNumber: d.applicant.kind === 'enterprise' ? d.applicant.idNumber : maskIdNumber(d.applicant.idNumber) },
          // 相关材料录入政务服务网: the materials received, each paper or electronic (the files stay in the hall)
          ...(d.materials ? { materials: d.materials.map((m) => ({ code: m.code, name: m.name, form: m.form })) } : {}),
        }
      : {}),
  }));
}

/** 暂停计时: a special procedure (特殊程序) or a correction (补正) stops a department's clock. */
export function suspendedRecords(e: EventEnvelope<TaskSuspendedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'suspended', d.at, () => ({
    taskId: d.taskId,
    itemCode: d.itemCode,
    departmentCode: d.departmentCode,
    kind: d.kind,
    ...(d.procedure ? { procedure: d.procedure } : {}),
    ...(d.expectedWorkingDays !== undefined ? { expectedWorkingDays: d.expectedWorkingDays } : {}),
  }));
}

/** 恢复计时, with the new due date. */
export function resumedRecords(e: EventEnvelope<TaskResumedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'resumed', d.at, () => ({ taskId: d.taskId, departmentCode: d.departmentCode, dueDate: d.dueDate }));
}

/** A department's decision on its item (the opinion's text stays here: it may name people). */
export function itemDecidedRecords(e: EventEnvelope<TaskDecidedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'item_decided', d.decidedAt, () => ({ taskId: d.taskId, itemCode: d.itemCode, departmentCode: d.departmentCode, outcome: d.outcome }));
}

/** 办结: every item decided. */
export function decidedRecords(e: EventEnvelope<CaseDecidedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'decided', d.decidedAt, () => ({ results: d.results.map((r) => ({ itemCode: r.itemCode, departmentCode: r.departmentCode, outcome: r.outcome, document: r.resultDocument.name })) }));
}

/** 出证: the certificates and written decisions issued. */
export function issuedRecords(e: EventEnvelope<CertificatesIssuedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'issued', d.issuedAt, () => ({ documents: d.certificates.map((c) => ({ no: c.no, type: c.type, typeName: c.typeName, itemCode: c.itemCode })) }));
}

/** 领证: one document handed over (who collected it stays here). */
export function handedOverRecords(e: EventEnvelope<CertificateCollectedV1>): ExchangeRecord[] {
  const d = e.data;
  return records(e, d.caseNo, 'handed_over', d.collectedAt, () => ({ documentNo: d.no, allDelivered: d.allDelivered }));
}

/* ---------- 电子监察: the alarms our electronic supervision raises, and their clearing ---------- */

/**
 * What settles an alarm, and so clears it at the 电子监察: a department's task decided (`task:<id>`), an application
 * accepted (`application:<id>`, the Art. 32 deemed-acceptance alarm), a case's results all handed over
 * (`delivery:<case>`, the Art. 44 delivery clock).
 */
export const matterOf = {
  task: (taskId: string) => `task:${taskId}`,
  application: (applicationId: string) => `application:${applicationId}`,
  delivery: (caseNo: string) => `delivery:${caseNo}`,
};

function alarmRecord(e: EventEnvelope<unknown>, key: string, occurredAt: string, data: Record<string, unknown>): ExchangeRecord {
  return { id: `${e.id}:dzjc`, counterpart: 'dzjc', caseNo: key, milestone: 'alarm_raised', occurredAt, data };
}

/** A department task's yellow (due soon) or red (overdue) card (黄牌/红牌), raised by review's sweep. */
export function taskAlarmRecord(e: EventEnvelope<TaskAlarmRaisedV1>): ExchangeRecord {
  const d = e.data;
  return alarmRecord(e, d.caseNo, d.raisedAt, {
    alarmId: d.alarmId,
    source: 'review',
    kind: d.level === 'red' ? 'task_overdue' : 'task_due_soon',
    level: d.level,
    matter: matterOf.task(d.taskId),
    taskId: d.taskId,
    departmentCode: d.departmentCode,
    dueDate: d.dueDate,
    remainingWorkingDays: d.remainingWorkingDays,
  });
}

/**
 * An alarm of intake's supervision: the Art. 32 deemed acceptance (an application neither accepted nor refused
 * within five working days; cleared by the acceptance) — complaints' alarms are the hall's own, not reported.
 */
export function intakeAlarmRecord(e: EventEnvelope<AlarmRaisedV1>): ExchangeRecord | undefined {
  const d = e.data;
  if (d.kind !== 'deemed_acceptance' || !d.applicationId) return undefined;
  return alarmRecord(e, d.caseNo ?? d.applicationId, d.raisedAt, {
    alarmId: d.alarmId,
    source: 'intake',
    kind: d.kind,
    level: d.level,
    matter: matterOf.application(d.applicationId),
    applicationId: d.applicationId,
    ...(d.dueDate ? { dueDate: d.dueDate } : {}),
  });
}

/** The Art. 44 delivery clock's alarms (results not handed over in time; mail returned or failed). */
export function deliveryAlarmRecord(e: EventEnvelope<DeliveryAlarmRaisedV1>): ExchangeRecord {
  const d = e.data;
  return alarmRecord(e, d.caseNo, d.raisedAt, {
    alarmId: d.alarmId,
    source: 'certificate',
    kind: d.kind,
    level: d.level,
    matter: matterOf.delivery(d.caseNo),
    ...(d.dueDate ? { dueDate: d.dueDate } : {}),
    ...(d.remainingWorkingDays !== undefined ? { remainingWorkingDays: d.remainingWorkingDays } : {}),
  });
}

/** The alarms of a settled matter cleared (消警), one record for all of them, keyed by the settling event. */
export function alarmsClearedRecord(e: EventEnvelope<unknown>, key: string, clearedAt: string, alarmIds: string[], reason: 'task_decided' | 'accepted' | 'delivered'): ExchangeRecord {
  return { id: `${e.id}:dzjc`, counterpart: 'dzjc', caseNo: key, milestone: 'alarm_cleared', occurredAt: clearedAt, data: { alarmIds, reason } };
}

/** The body a counterpart is sent: our record with its top-level field names renamed by the counterpart's mapping. */
export function wireBody(r: ExchangeRecord, fields: Record<string, string>): Record<string, unknown> {
  const ours: Record<string, unknown> = { id: r.id, caseNo: r.caseNo, milestone: r.milestone, occurredAt: r.occurredAt, data: r.data };
  return Object.fromEntries(Object.entries(ours).map(([k, v]) => [fields[k] ?? k, v]));
}
