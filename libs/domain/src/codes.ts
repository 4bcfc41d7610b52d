/**
 * The closed code lists of the hall: what a field may hold on the wire and in the tables. Codes are English
 * (`snake_case`), never shown to people; what people read for each code is in `./labels.ts`, one Chinese text
 * per code. Each list is an `as const` array with its union type, so `@IsIn(LIST)` validates it and
 * `Record<Code, string>` makes a missing label a compile error.
 *
 * `libs/contracts` re-exports the lists it used to define (`PROCEDURES`, `OUTCOMES`, `CHANNELS`, …) under the
 * same names. Case and task statuses live with their state machines (`./lifecycle/`), the alarm level with its
 * rule (`./calendar/alarm.ts`).
 */
import type { AlarmLevel } from './calendar/alarm.js';

/* ---------- catalogue ---------- */

/** The four stages of a construction project's approvals (国办发〔2019〕11号). */
export const STAGES = [1, 2, 3, 4] as const;
export type Stage = (typeof STAGES)[number];

/** 即办件 / 承诺件 / 告知承诺制. */
export const ITEM_KINDS = ['instant', 'promised', 'notify_commit'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Whether the window needs the original of a material, a copy, or either. */
export const MATERIAL_ORIGINALS = ['original', 'copy', 'either'] as const;
export type MaterialOriginal = (typeof MATERIAL_ORIGINALS)[number];

/** How a material is handed in. */
export const MATERIAL_FORMS = ['paper', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

/**
 * The result documents (证照/批文) of the catalogue's items. A type is also the key of its gap-free numbering
 * sequence (certificate service, `number_sequence.doc_type`): never rename one.
 */
export const RESULT_DOCUMENT_TYPES = [
  'FILING_CERT',
  'PROJECT_APPROVAL',
  'SITE_AND_LAND_PRE_APPROVAL',
  'LAND_PLANNING_PERMIT',
  'EIA_APPROVAL',
  'ENGINEERING_PLANNING_PERMIT',
  'DRAWING_REVIEW_CERT',
  'FIRE_DESIGN_REVIEW_OPINION',
  'CIVIL_DEFENCE_APPROVAL',
  'CONSTRUCTION_PERMIT',
  'JOINT_ACCEPTANCE_OPINION',
  'FIRE_ACCEPTANCE_OPINION',
  'COMPLETION_FILING',
] as const;
export type ResultDocumentType = (typeof RESULT_DOCUMENT_TYPES)[number];

export function isResultDocumentType(value: unknown): value is ResultDocumentType {
  return typeof value === 'string' && (RESULT_DOCUMENT_TYPES as readonly string[]).includes(value);
}

/**
 * The written decisions the certificate service issues and numbers besides the results: a grant beside a licence
 * and a refusal (Art. 38); the decisions that revoke (Art. 69) or withdraw (Art. 8) a document, and the notice of a
 * correction.
 */
export const DECISION_DOCUMENT_TYPES = ['GRANT_DECISION', 'REFUSAL_DECISION', 'REVOCATION_DECISION', 'WITHDRAWAL_DECISION', 'CORRECTION_NOTICE'] as const;
export type DecisionDocumentType = (typeof DECISION_DOCUMENT_TYPES)[number];

/** Every type of document the certificate service issues and numbers (each with its own gap-free sequence). */
export const ISSUED_DOCUMENT_TYPES = [...RESULT_DOCUMENT_TYPES, ...DECISION_DOCUMENT_TYPES] as const;
export type IssuedDocumentType = (typeof ISSUED_DOCUMENT_TYPES)[number];

export function isIssuedDocumentType(value: unknown): value is IssuedDocumentType {
  return typeof value === 'string' && (ISSUED_DOCUMENT_TYPES as readonly string[]).includes(value);
}

/* ---------- the comprehensive window ---------- */

/** How an application reaches the window: at the hall, online (网上申报), or with the help of the hall's staff (帮办代办). */
export const CHANNELS = ['hall', 'online', 'assisted'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 企业 (with a unified social credit code) or a person (with a resident ID number). */
export const APPLICANT_KINDS = ['enterprise', 'person'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

export const APPLICATION_STATUSES = ['submitted', 'incomplete', 'accepted', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The clerk's verdict on one material at the pre-check (初审). */
export const VERDICTS = ['ok', 'missing', 'defective'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How the result reaches the applicant: collected at the window, or mailed free by EMS. */
export const DELIVERY_METHODS = ['pickup', 'ems'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** The window's written documents (Administrative Licensing Law Art. 32). */
export const DOCUMENT_KINDS = ['one_time_notice', 'acceptance_notice', 'rejection_decision', 'special_procedure_notice'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What the case's timeline records (`case_timeline.event`). */
export const CASE_EVENTS = [
  'accepted',
  'decided_on_the_spot',
  'dispatched',
  'task_decided',
  'task_suspended',
  'supplement_received',
  'task_resumed',
  'due_date_moved',
  'early_delivery_requested',
  'item_released',
  'decided',
  'certificates_issued',
  'certificate_collected',
  'mailed',
  'mail_tracked',
  'mail_delivered',
  'mail_returned',
  'document_revoked',
  'document_corrected',
  'commitment_verified',
  'message_sent',
  'evaluated',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Paper custody (纸质材料不出大厅): what happened to a paper material. */
export const PAPER_MOVEMENTS = ['received', 'handed_over', 'returned'] as const;
export type PaperMovement = (typeof PAPER_MOVEMENTS)[number];

/**
 * Electronic supervision alarms (电子监察): the Art. 32 window missed, a review task due soon or overdue; a result
 * document's Art. 44 delivery limit near or passed; mail returned to the hall, or refused by the post (the window acts).
 */
export const ALARM_KINDS = ['deemed_acceptance', 'task_due_soon', 'task_overdue', 'delivery_due_soon', 'delivery_overdue', 'mail_returned', 'mail_failed', 'complaint_due_soon', 'complaint_overdue'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/* ---------- queue and consultation window ---------- */

export const QUEUE_CATEGORIES = ['stage1', 'stage2', 'stage3', 'stage4', 'consult', 'pickup'] as const;
export type QueueCategory = (typeof QUEUE_CATEGORIES)[number];

export const PRIORITIES = ['elderly', 'disabled', 'appointment'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** how a consultation or complaint reached the hall: at the desk, by phone, online, or from the provincial 政务服务网 */
export const CONSULTATION_CHANNELS = ['onsite', 'phone', 'online', 'province'] as const;
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number];
/** what the consultation desk records (`province`: only apps/exchange hands those in) */
export const DESK_CONSULTATION_CHANNELS = ['onsite', 'phone', 'online'] as const satisfies readonly ConsultationChannel[];

export const CONSULTATION_KINDS = ['consultation', 'complaint'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export const CONSULTATION_STATUSES = ['answered', 'open', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/* ---------- the back office ---------- */

/** The decision on a task: 准予许可 or 不予许可. */
export const OUTCOMES = ['approve', 'deny'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** 特殊程序 that stop a task's clock (Administrative Licensing Law Art. 45, and local rules). */
export const PROCEDURES = ['site_inspection', 'consultation', 'expert_review', 'public_notice', 'hearing', 'testing'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** Why a task's clock stops: a special procedure, or waiting for the applicant's corrections (补齐补正). */
export const TASK_PAUSE_KINDS = ['special_procedure', 'correction'] as const;
export type TaskPauseKind = (typeof TASK_PAUSE_KINDS)[number];

/** What a task's record holds (`task_action.action`): every step, who and when. */
export const TASK_ACTIONS = [
  'created',
  'claimed',
  'assigned',
  'opinion',
  'suspended',
  'correction_requested',
  'resumed',
  'supplement_received',
  'meeting_convened',
  'meeting_opinion',
  'meeting_concluded',
  'due_date_moved',
  'decided',
  'verified',
] as const;
export type TaskActionKind = (typeof TASK_ACTIONS)[number];

/**
 * What a department task is: the review of a promised item (审批), or the follow-up check (事后核查) of a
 * notify-and-commit item approved at the window on the applicant's written commitment (告知承诺制).
 */
export const TASK_KINDS = ['review', 'verification'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** What the follow-up check found: the commitment was true, or false (the approval is revoked, Art. 69). */
export const COMMITMENT_RESULTS = ['consistent', 'false_commitment'] as const;
export type CommitmentResult = (typeof COMMITMENT_RESULTS)[number];

/** A section's position in a joint review meeting (联审会议). */
export const MEETING_POSITIONS = ['agree', 'disagree', 'conditional'] as const;
export type MeetingPosition = (typeof MEETING_POSITIONS)[number];

/* ---------- results, messages, ratings ---------- */

export const CERTIFICATE_STATUSES = ['issued', 'collected', 'mailed'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** What a document issued for an item is: its result (证照/批文), or a written grant or refusal decision (Art. 38). */
export const DOCUMENT_ROLES = ['result', 'grant_decision', 'refusal_decision'] as const;
export type DocumentRole = (typeof DOCUMENT_ROLES)[number];

/**
 * Whether a document still stands: valid; revoked (撤销, Art. 69: granted unlawfully, e.g. on a false
 * commitment); withdrawn (撤回, Art. 8: the law or the facts it rested on changed); superseded by a corrected
 * document (更正, a clerical error: a new number replaces it).
 */
export const DOCUMENT_STANDINGS = ['valid', 'revoked', 'withdrawn', 'superseded'] as const;
export type DocumentStanding = (typeof DOCUMENT_STANDINGS)[number];
/**
 * The written documents of the licensing procedure after acceptance, rendered by libs/documents: the decisions
 * (Art. 38), the notice of a special procedure (Art. 45), the commitment letter of a notify-and-commit item
 * (告知承诺制), the hand-over receipt (领证), and the notices that revoke, withdraw or correct a result document
 * (Art. 69, Art. 8). The window's own documents (Art. 32) are `DOCUMENT_KINDS`.
 */
export const LICENSING_DOCUMENT_KINDS = [
  'grant_decision',
  'denial_decision',
  'special_procedure_notice',
  'commitment_letter',
  'handover_receipt',
  'revocation_decision',
  'withdrawal_decision',
  'correction_notice',
] as const;
export type LicensingDocumentKind = (typeof LICENSING_DOCUMENT_KINDS)[number];

/**
 * What can happen to an issued result document: 撤销 (revoked: it should never have been granted, Art. 69),
 * 撤回 (withdrawn: lawful when granted, withdrawn for the public interest, Art. 8), 更正 (corrected: replaced by a
 * new document with a new number).
 */
export const CERTIFICATE_CHANGE_KINDS = ['revoke', 'withdraw', 'correct'] as const;
export type CertificateChangeKind = (typeof CERTIFICATE_CHANGE_KINDS)[number];

/** In which capacity a person collects a result document at the window (领证). */
export const COLLECTOR_CAPACITIES = ['holder', 'legal_representative', 'contact', 'authorised_agent'] as const;
export type CollectorCapacity = (typeof COLLECTOR_CAPACITIES)[number];


/** Why a collector was refused (each capacity says why it does not apply); their texts are what the window reads. */
export const COLLECT_REFUSALS = [
  'holder_is_enterprise',
  'not_holder',
  'no_legal_representative',
  'not_legal_representative',
  'no_contact',
  'not_contact',
  'no_authorisation',
  'not_authorised_agent',
  'authorisation_out_of_scope',
  'name_mismatch',
] as const;
export type CollectRefusal = (typeof COLLECT_REFUSALS)[number];

/**
 * A shipment of result documents by EMS (免费寄递):
 * - `requesting`: recorded (documents leave the pick-up desk), the post has not confirmed it yet; a crash here is
 *   recovered by asking the post for our shipment id
 * - `created`: the post gave the waybill number; `in_transit`: the post reports it moving
 * - `delivered`: signed for (closes the delivery); `returned`: back at the hall, the documents wait at the desk again
 * - `failed`: the post refused the order; the documents wait at the desk again
 */
export const SHIPMENT_STATUSES = ['requesting', 'created', 'in_transit', 'delivered', 'returned', 'failed'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What the post reports about a shipment (its tracking events). */
export const TRACKING_STATUSES = ['accepted', 'in_transit', 'out_for_delivery', 'delivered', 'returned'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** `wechat`: a template message of the hall's WeChat official account (微信公众号模板消息) */
export const MESSAGE_CHANNELS = ['sms', 'ems', 'wechat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * Per-message delivery status (after GOV.UK Notify):
 * - `created`: waiting for the dispatcher (first try, or a retry once `temporary_failure` is due again)
 * - `sending`: the provider accepted it; its delivery receipt has not come yet
 * - `delivered`: the provider confirmed delivery to the phone
 * - `temporary_failure`: the last try failed for a reason that may pass (phone off, provider busy); retried later
 * - `permanent_failure`: it can never be delivered (no such number, refused content); not retried
 * - `technical_failure`: every allowed try failed; given up
 * - `unconfirmed`: a try may or may not have reached the provider (the process stopped, the connection broke or the
 *   provider did not answer in time after the request left): never sent again (an SMS must not arrive twice); a late
 *   delivery receipt still settles it; otherwise the window phones the applicant
 */
export const MESSAGE_STATUSES = ['created', 'sending', 'delivered', 'temporary_failure', 'permanent_failure', 'technical_failure', 'unconfirmed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * The final statuses of a message that the window must act on (phone the applicant instead): it was never delivered
 * (`permanent_failure`, `technical_failure`) or its delivery cannot be confirmed (`unconfirmed`, once it has waited
 * SMS_RECEIPT_WAIT_HOURS for a receipt).
 */
export const MESSAGE_PROBLEM_STATUSES = ['permanent_failure', 'technical_failure', 'unconfirmed'] as const satisfies readonly MessageStatus[];
export type MessageProblemStatus = (typeof MESSAGE_PROBLEM_STATUSES)[number];

/** SMS templates of the notification service (their texts: apps/notification/src/messages/templates.ts). */
export const MESSAGE_TEMPLATES = [
  'CASE_ACCEPTED',
  'RESULT_READY',
  'ONE_TIME_NOTICE',
  'QUEUE_TURN_NEAR',
  'TASK_SUSPENDED',
  'CORRECTION_REQUESTED',
  'TASK_ALARM',
  'TASK_REFUSED',
  'DEADLINE_MOVED',
  'RESULT_MAILED',
  'PICKUP_REMINDER',
  'DOCUMENT_REVOKED',
  'DOCUMENT_CORRECTED',
  'DEEMED_ACCEPTANCE_ALARM',
  'COMPLAINT_OVERDUE_ALARM',
  'COMPLAINT_DUE_ALARM',
  'COMPLAINT_REPLIED',
  'RECTIFICATION_ALARM',
  'RECTIFICATION_OUTCOME',
  'PORTAL_CODE',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** 好差评's five levels (国办发〔2019〕51号). */
export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** `province`: rated on the provincial 政务服务网's 好差评 and handed in by apps/exchange */
export const RATING_CHANNELS = ['pad', 'paper', 'online', 'sms', 'qr', 'default', 'province'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
/** what the legacy one-rating-per-case submission may name (not `province`: only apps/exchange hands those in) */
export const SUBMITTED_RATING_CHANNELS = ['pad', 'paper', 'online', 'sms', 'qr', 'default'] as const satisfies readonly RatingChannel[];

/**
 * A bad review's rectification ledger (差评整改): 待回访 → 整改中 → 整改完成, or 无效差评 / 无法整改;
 * 整改超期 when the due date passes.
 */
export const RECTIFICATION_STATUSES = ['pending_callback', 'rectifying', 'done', 'invalid', 'cannot_rectify', 'overdue', 'pending_verification', 'rectified'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** The kinds of service event rated one by one (一次一评): 受理, each department's 审批, 领证. */
export const SERVICE_EVENT_KINDS = ['acceptance', 'decision', 'handover'] as const;
export type ServiceEventKind = (typeof SERVICE_EVENT_KINDS)[number];

/** Why a bad review is invalid (无效差评). */
export const INVALID_REVIEW_REASONS = ['malicious', 'not_this_service', 'duplicate', 'other'] as const;
export type InvalidReviewReason = (typeof INVALID_REVIEW_REASONS)[number];

/** The alarm levels of `alarmLevel` (`./calendar/alarm.ts`), as a list. */
export const ALARM_LEVELS = ['none', 'yellow', 'red'] as const satisfies readonly AlarmLevel[];

/* ---------- the working-day calendar ---------- */

/** What a day is: an ordinary working day, a weekend day, a holiday, or a make-up working day (调休上班). */
export const DAY_KINDS = ['working', 'rest_day', 'holiday', 'makeup_workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** Why a deadline's clock stops (the deadline calculator's pauses). */
export const PAUSE_KINDS = ['special_procedure', 'correction', 'other'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

/** Why a day of a deadline's ledger counted or not. */
export const LEDGER_REASONS = ['counted', 'rest_day', 'holiday', 'paused'] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

/** The running deadlines a calendar change can move: a review task, an Art. 32 window, a complaint. */
export const DEADLINE_KINDS = ['task', 'art32_notice', 'complaint'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
