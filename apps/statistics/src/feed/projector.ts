import type { EntityManager } from 'typeorm';
import {
  Events,
  type CaseAcceptedV1,
  type CaseDecidedV1,
  type CaseStatusChangedV1,
  type CertificateCollectedV1,
  type CertificatesIssuedV1,
  type DeadlinesMovedV1,
  type DocumentStandingChangedV1,
  type EvaluationSubmittedV1,
  type EventEnvelope,
  type ShipmentCreatedV1,
  type ShipmentTrackedV1,
  type TaskDecidedV1,
  type TasksCreatedV1,
  type TaskResumedV1,
  type TaskSuspendedV1,
  type TicketCalledV1,
  type TicketFinishedV1,
  type TicketIssuedV1,
  type TicketLinkedV1,
} from '@yichuang/contracts';
import { maskIdNumber, maskName } from '@yichuang/domain';

type Apply = (tx: EntityManager, data: never, e: EventEnvelope<unknown>) => Promise<void>;

/**
 * What each event adds to the read model. Every statement is an upsert that tolerates any order of arrival (a
 * decision before its task's creation, a ticket's call before its issue) and gives the same rows when an event is
 * applied twice; the times are the events' own (payload, else `occurredAt`), never the machine's or the service's
 * clock. Events not listed here only move the feed's position.
 */
const PROJECTIONS: Record<string, Apply> = {
  [Events.ticketIssued.subject]: async (tx, d: TicketIssuedV1) => {
    await tx.query(
      `INSERT INTO ticket (ticket_id, ticket_no, day, category, priority, issued_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ticket_id) DO UPDATE SET ticket_no = EXCLUDED.ticket_no, day = EXCLUDED.day, category = EXCLUDED.category,
         priority = EXCLUDED.priority, issued_at = EXCLUDED.issued_at`,
      [d.ticketId, d.ticketNo, d.day, d.category, d.priority ?? null, d.issuedAt],
    );
  },
  [Events.ticketCalled.subject]: async (tx, d: TicketCalledV1) => {
    // the first call ends the wait; a recall or a second window keeps it, names the latest window and clerk
    await tx.query(
      `INSERT INTO ticket (ticket_id, ticket_no, day, category, called_at, window_no, called_by, call_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (ticket_id) DO UPDATE SET category = coalesce(ticket.category, EXCLUDED.category),
         called_at = LEAST(ticket.called_at, EXCLUDED.called_at), window_no = EXCLUDED.window_no,
         called_by = coalesce(EXCLUDED.called_by, ticket.called_by), call_count = GREATEST(ticket.call_count, EXCLUDED.call_count)`,
      [d.ticketId, d.ticketNo, d.day, d.category, d.calledAt, d.windowNo || null, d.calledBy ?? null, d.callCount ?? 1],
    );
  },
  [Events.ticketFinished.subject]: async (tx, d: TicketFinishedV1) => {
    await tx.query(
      `INSERT INTO ticket (ticket_id, ticket_no, day, finished_at, outcome, window_no) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ticket_id) DO UPDATE SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
         window_no = coalesce(ticket.window_no, EXCLUDED.window_no)`,
      [d.ticketId, d.ticketNo, d.day, d.finishedAt, d.outcome, d.windowNo ?? null],
    );
  },
  [Events.ticketLinked.subject]: async (tx, d: TicketLinkedV1) => {
    await tx.query(
      `INSERT INTO ticket (ticket_id, ticket_no, day, application_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ticket_id) DO UPDATE SET application_id = EXCLUDED.application_id`,
      [d.ticketId, d.ticketNo, d.day, d.applicationId],
    );
  },
  [Events.caseAccepted.subject]: async (tx, d: CaseAcceptedV1) => {
    const person = d.applicant.kind === 'person';
    await tx.query(
      `INSERT INTO case_fact (case_no, application_id, project_code, project_name, stage, applicant_kind, applicant_name, applicant_id_masked,
         window_no, accepted_by, accepted_at, accepted_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (case_no) DO NOTHING`,
      [
        d.caseNo,
        d.applicationId,
        d.project.code,
        d.project.name,
        d.stage,
        d.applicant.kind,
        // personal data is kept masked only (a person's name and ID number); an enterprise's name and code are not personal
        person ? maskName(d.applicant.name) : d.applicant.name,
        d.applicant.idNumber ? (person ? maskIdNumber(d.applicant.idNumber) : d.applicant.idNumber) : null,
        d.windowNo ?? null,
        d.acceptedBy,
        d.acceptedAt,
        d.acceptedDate,
      ],
    );
    for (const i of d.items) {
      await tx.query(
        `INSERT INTO case_item (case_no, item_code, item_name, department_code, department_name, kind, legal_days, promised_days, due_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (case_no, item_code) DO UPDATE SET item_name = EXCLUDED.item_name, department_name = EXCLUDED.department_name,
           kind = EXCLUDED.kind, legal_days = EXCLUDED.legal_days, promised_days = EXCLUDED.promised_days,
           due_date = coalesce(case_item.due_date, EXCLUDED.due_date)`,
        [d.caseNo, i.itemCode, i.itemName, i.departmentCode, i.departmentName, i.kind, i.legalDays, i.promisedDays, i.dueDate],
      );
    }
  },
  [Events.tasksCreated.subject]: async (tx, d: TasksCreatedV1) => {
    for (const t of d.tasks) {
      await tx.query(
        `INSERT INTO case_item (case_no, item_code, department_code, task_id, due_date) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_no, item_code) DO UPDATE SET task_id = EXCLUDED.task_id, due_date = EXCLUDED.due_date`,
        [d.caseNo, t.itemCode, t.departmentCode, t.taskId, t.dueDate],
      );
    }
  },
  [Events.taskDecided.subject]: async (tx, d: TaskDecidedV1) => {
    await tx.query(
      `INSERT INTO case_item (case_no, item_code, department_code, task_id, outcome, decided_at, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_no, item_code) DO UPDATE SET task_id = EXCLUDED.task_id, outcome = EXCLUDED.outcome,
         decided_at = EXCLUDED.decided_at, decided_by = EXCLUDED.decided_by`,
      [d.caseNo, d.itemCode, d.departmentCode, d.taskId, d.outcome, d.decidedAt, d.decidedBy],
    );
  },
  [Events.taskSuspended.subject]: async (tx, d: TaskSuspendedV1, e) => {
    await tx.query(
      `INSERT INTO pause_fact (event_id, task_id, case_no, item_code, department_code, kind, procedure, expected_working_days, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`,
      [e.id, d.taskId, d.caseNo, d.itemCode, d.departmentCode, d.kind, d.procedure ?? null, d.expectedWorkingDays ?? null, d.at],
    );
  },
  [Events.taskResumed.subject]: async (tx, d: TaskResumedV1) => {
    await tx.query(
      `UPDATE pause_fact SET ended_at = $2 WHERE event_id = (
         SELECT event_id FROM pause_fact WHERE task_id = $1 AND ended_at IS NULL AND started_at <= $2 ORDER BY started_at DESC LIMIT 1)`,
      [d.taskId, d.at],
    );
    await tx.query(`UPDATE case_item SET due_date = $2 WHERE task_id = $1`, [d.taskId, d.dueDate]);
  },
  [Events.deadlinesMoved.subject]: async (tx, d: DeadlinesMovedV1) => {
    for (const t of d.tasks) await tx.query(`UPDATE case_item SET due_date = $3 WHERE case_no = $1 AND item_code = $2`, [d.caseNo, t.itemCode, t.newDueDate]);
  },
  [Events.caseDecided.subject]: async (tx, d: CaseDecidedV1) => {
    await decidedResults(tx, d);
    await tx.query(`UPDATE case_fact SET decided_at = $2 WHERE case_no = $1`, [d.caseNo, d.decidedAt]);
  },
  [Events.itemReleased.subject]: async (tx, d: CaseDecidedV1) => {
    await decidedResults(tx, d);
  },
  [Events.caseStatusChanged.subject]: async (tx, d: CaseStatusChangedV1) => {
    await tx.query(`UPDATE case_fact SET status = $2, status_at = $3 WHERE case_no = $1 AND (status_at IS NULL OR status_at <= $3)`, [d.caseNo, d.status, d.at]);
  },
  [Events.certificatesIssued.subject]: async (tx, d: CertificatesIssuedV1) => {
    for (const c of d.certificates) {
      await tx.query(
        `INSERT INTO document_fact (certificate_id, case_no, item_code, no, type, type_name, role, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (certificate_id) DO NOTHING`,
        [c.id, d.caseNo, c.itemCode, c.no, c.type, c.typeName, c.role ?? null, d.issuedAt],
      );
    }
  },
  [Events.certificateCollected.subject]: async (tx, d: CertificateCollectedV1) => {
    await tx.query(`UPDATE document_fact SET handed_over_at = coalesce(handed_over_at, $2) WHERE certificate_id = $1`, [d.certificateId, d.collectedAt]);
    if (d.allDelivered) await tx.query(`UPDATE case_fact SET handed_over_at = coalesce(handed_over_at, $2) WHERE case_no = $1`, [d.caseNo, d.collectedAt]);
  },
  [Events.shipmentCreated.subject]: async (tx, d: ShipmentCreatedV1) => {
    for (const c of d.certificates) await tx.query(`UPDATE document_fact SET shipment_id = $2 WHERE certificate_id = $1`, [c.id, d.shipmentId]);
  },
  [Events.shipmentTracked.subject]: async (tx, d: ShipmentTrackedV1) => {
    if (d.status !== 'delivered') return;
    await tx.query(`UPDATE document_fact SET handed_over_at = coalesce(handed_over_at, $2) WHERE shipment_id = $1`, [d.shipmentId, d.at]);
    if (d.allDelivered) await tx.query(`UPDATE case_fact SET handed_over_at = coalesce(handed_over_at, $2) WHERE case_no = $1`, [d.caseNo, d.at]);
  },
  [Events.documentStandingChanged.subject]: async (tx, d: DocumentStandingChangedV1) => {
    for (const doc of d.documents) await tx.query(`UPDATE document_fact SET standing = $2 WHERE certificate_id = $1`, [doc.certificateId, d.standing]);
    const r = d.replacement;
    const first = d.documents[0];
    if (r && first) {
      await tx.query(
        `INSERT INTO document_fact (certificate_id, case_no, item_code, no, type, type_name, role, issued_at)
         SELECT $1, case_no, item_code, $2, type, type_name, role, $3 FROM document_fact WHERE certificate_id = $4
         ON CONFLICT (certificate_id) DO NOTHING`,
        [r.id, r.no, d.at, first.certificateId],
      );
    }
  },
  [Events.evaluationSubmitted.subject]: async (tx, d: EvaluationSubmittedV1) => {
    // one per service event since issue 14, each with its own attribution (none on a first-version rating)
    await tx.query(
      `INSERT INTO rating_fact (evaluation_id, case_no, level, channel, submitted_at, kind, window_no, staff, department_code, item_code, defaulted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [d.evaluationId, d.caseNo, d.level, d.channel, d.submittedAt, d.kind ?? null, d.windowNo ?? null, d.staff ?? null, d.departmentCode ?? null, d.itemCode ?? null, d.defaulted ?? false],
    );
  },
};

/** Items decided in a case.decided / item.released: an item decided at the window has no task and no task.decided. */
async function decidedResults(tx: EntityManager, d: CaseDecidedV1): Promise<void> {
  for (const r of d.results ?? []) {
    await tx.query(
      `INSERT INTO case_item (case_no, item_code, item_name, department_code, department_name, outcome, decided_at, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_no, item_code) DO UPDATE SET outcome = coalesce(case_item.outcome, EXCLUDED.outcome),
         decided_at = coalesce(case_item.decided_at, EXCLUDED.decided_at), decided_by = coalesce(case_item.decided_by, EXCLUDED.decided_by)`,
      [d.caseNo, r.itemCode, r.itemName, r.departmentCode, r.departmentName ?? null, r.outcome, r.decidedAt ?? d.decidedAt, r.decidedBy ?? null],
    );
  }
}

/** The subjects the read model takes facts from. */
export const PROJECTED_SUBJECTS: readonly string[] = Object.keys(PROJECTIONS);

/** Apply one event to the read model (inside the caller's transaction). False when the subject adds nothing. */
/** whether the read model takes events of this type at all (the others — audit facts, SMS states… — change nothing here) */
export function projects(type: string): boolean {
  return Object.hasOwn(PROJECTIONS, type);
}

export async function project(tx: EntityManager, e: EventEnvelope<unknown>): Promise<boolean> {
  const apply = PROJECTIONS[e.type];
  if (!apply || typeof e.data !== 'object' || e.data === null) return false;
  await apply(tx, e.data as never, e);
  return true;
}

/** The read model's tables, emptied by a rebuild. */
export const READ_MODEL_TABLES = ['ticket', 'case_fact', 'case_item', 'pause_fact', 'document_fact', 'rating_fact'] as const;
