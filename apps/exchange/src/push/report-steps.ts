import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  Events,
  type AlarmRaisedV1,
  type CaseAcceptedV1,
  type CaseDecidedV1,
  type CertificateCollectedV1,
  type CertificatesIssuedV1,
  type DeliveryAlarmRaisedV1,
  type EventEnvelope,
  type TaskAlarmRaisedV1,
  type TaskDecidedV1,
  type TaskResumedV1,
  type TaskSuspendedV1,
} from '@yichuang/contracts';
import { Clock, OnEvent } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';
import { PushRecords, type ClearReason } from './push-records.repository.js';
import { PushSender } from './push-sender.js';
import {
  acceptedRecords,
  alarmsClearedRecord,
  decidedRecords,
  deliveryAlarmRecord,
  handedOverRecords,
  intakeAlarmRecord,
  issuedRecords,
  itemDecidedRecords,
  matterOf,
  resumedRecords,
  suspendedRecords,
  taskAlarmRecord,
  type ExchangeRecord,
} from './records.js';

/**
 * What is reported (issue 18.2, 18.5): each event to report is consumed into `push_record` in the consumption's own
 * transaction, one row per counterpart keyed `<event id>:<counterpart>` (a redelivery inserts nothing); adding a
 * step is one handler mapping it with records.ts. The case's steps go to the 政务服务网 and the 工程建设项目审批管理系统;
 * the alarms go to the 电子监察, and are cleared there when their matter is settled (a task decided, an application
 * accepted, a case's results handed over) — settled matters are remembered, so an alarm heard after its matter was
 * settled (the two events crossing on the bus) is cleared at once.
 */
@Injectable()
export class ReportSteps {
  constructor(
    private readonly records: PushRecords,
    private readonly sender: PushSender,
    private readonly clock: Clock,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
  ) {}

  @OnEvent({ event: Events.caseAccepted, name: 'exchange-case-accepted' })
  async onAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const cleared = await this.settle(tx, e, e.data.caseNo, matterOf.application(e.data.applicationId), e.data.acceptedAt, 'accepted');
    await this.queue(tx, [...acceptedRecords(e), ...cleared]);
  }

  @OnEvent({ event: Events.taskSuspended, name: 'exchange-task-suspended' })
  onSuspended(e: EventEnvelope<TaskSuspendedV1>, tx: EntityManager): Promise<void> {
    return this.queue(tx, suspendedRecords(e));
  }

  @OnEvent({ event: Events.taskResumed, name: 'exchange-task-resumed' })
  onResumed(e: EventEnvelope<TaskResumedV1>, tx: EntityManager): Promise<void> {
    return this.queue(tx, resumedRecords(e));
  }

  @OnEvent({ event: Events.taskDecided, name: 'exchange-task-decided' })
  async onItemDecided(e: EventEnvelope<TaskDecidedV1>, tx: EntityManager): Promise<void> {
    const cleared = await this.settle(tx, e, e.data.caseNo, matterOf.task(e.data.taskId), e.data.decidedAt, 'task_decided');
    await this.queue(tx, [...itemDecidedRecords(e), ...cleared]);
  }

  @OnEvent({ event: Events.caseDecided, name: 'exchange-case-decided' })
  onDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    return this.queue(tx, decidedRecords(e));
  }

  @OnEvent({ event: Events.certificatesIssued, name: 'exchange-certificates-issued' })
  onIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    return this.queue(tx, issuedRecords(e));
  }

  @OnEvent({ event: Events.certificateCollected, name: 'exchange-certificate-collected' })
  async onHandedOver(e: EventEnvelope<CertificateCollectedV1>, tx: EntityManager): Promise<void> {
    const cleared = e.data.allDelivered ? await this.settle(tx, e, e.data.caseNo, matterOf.delivery(e.data.caseNo), e.data.collectedAt, 'delivered') : [];
    await this.queue(tx, [...handedOverRecords(e), ...cleared]);
  }

  @OnEvent({ event: Events.taskAlarmRaised, name: 'exchange-task-alarm-raised' })
  onTaskAlarm(e: EventEnvelope<TaskAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    return this.alarm(tx, taskAlarmRecord(e));
  }

  @OnEvent({ event: Events.alarmRaised, name: 'exchange-intake-alarm-raised' })
  async onIntakeAlarm(e: EventEnvelope<AlarmRaisedV1>, tx: EntityManager): Promise<void> {
    const record = intakeAlarmRecord(e);
    if (record) await this.alarm(tx, record);
  }

  @OnEvent({ event: Events.deliveryAlarmRaised, name: 'exchange-delivery-alarm-raised' })
  onDeliveryAlarm(e: EventEnvelope<DeliveryAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    return this.alarm(tx, deliveryAlarmRecord(e));
  }

  /** an alarm reported; one whose matter was settled before it was heard is cleared at once */
  private async alarm(tx: EntityManager, raised: ExchangeRecord): Promise<void> {
    const alarmId = String(raised.data['alarmId']);
    const settled = await this.records.settledOf(tx, String(raised.data['matter']));
    // its own id, derived from the settling event and the alarm (a redelivery derives the same), after the alarm
    const cleared = settled
      ? [alarmsClearedRecord({ id: derivedId(settled.event_id, alarmId) } as EventEnvelope<unknown>, raised.caseNo, later(new Date(settled.settled_at).toISOString(), raised.occurredAt), [alarmId], settled.reason)]
      : [];
    await this.queue(tx, [raised, ...cleared]);
  }

  /**
   * A matter settled: remembered (for an alarm heard later), and the clearing of the alarms reported for it, keyed
   * like them (an application's before it had a case number) so that it is sent after them; none reported, none.
   */
  private async settle(tx: EntityManager, e: EventEnvelope<unknown>, caseNo: string, matter: string, at: string, reason: ClearReason): Promise<ExchangeRecord[]> {
    await this.records.settle(tx, matter, e.id, reason, at);
    const raised = await this.records.alarmsOf(tx, matter);
    if (!raised.length) return [];
    return [alarmsClearedRecord(e, raised[0]?.case_no ?? caseNo, at, raised.map((r) => r.alarm_id), reason)];
  }

  /** queued; first sent once the order window has passed (a step that happened earlier, heard a moment later, goes first) */
  private async queue(tx: EntityManager, records: ExchangeRecord[]): Promise<void> {
    const now = this.clock.now();
    await this.records.add(tx, records, now, new Date(now.getTime() + this.env.EXCHANGE_ORDER_WINDOW_MS));
    this.sender.kick(this.env.EXCHANGE_ORDER_WINDOW_MS);
  }
}

/** the later of two instants (ISO) */
function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** A UUID (version 5 layout) derived from two ids: the same inputs, the same id. */
function derivedId(a: string, b: string): string {
  const h = createHash('sha1').update(`${a}\n${b}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
