/**
 * What the console reads from the gateway's answers. The OpenAPI document describes the requests (schema.d.ts)
 * but not yet most answers, so these views name the fields used, as docs/contract/gateway-v1.md gives them.
 */
import type { AlarmKind, AlarmLevel, CaseStatus, LedgerReason, MeetingPosition, Procedure, QueueCategory, RatingLevel, RectificationStatus, Stage, Verdict } from '@yichuang/domain';

export interface SessionUser {
  username: string;
  displayName: string;
  roles: string[];
  department?: string;
  window?: string;
  mustChangePassword?: true;
}

export interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  user: SessionUser;
}

export interface CatalogueItem {
  code: string;
  name: string;
  stage: Stage;
  promisedDays: number;
  department: { code: string; name?: string };
  materials: { code: string; name: string; required: boolean; forms: string[] }[];
}

export interface CalledTicket {
  ticketNo: string;
  category: QueueCategory;
  windowNo: string;
  callCount: number;
  status: string;
}

export interface Board {
  calling: { ticketNo: string; windowNo: string; calledAt: string }[];
  waiting: Partial<Record<QueueCategory, number>>;
}

export interface CreatedApplication {
  id: string;
}

export interface Precheck {
  status: 'complete' | 'incomplete';
  problems: { materialCode: string; name: string; verdict: Exclude<Verdict, 'ok'>; note?: string; prerequisiteItem?: { code: string; name: string } }[];
  notice?: { documentNo: string };
}

export interface Accepted {
  caseNo: string;
  acceptanceNoticeNo: string;
  tasks: { itemCode: string; department: string; dueDate: string; dueDateProvisional: boolean }[];
}

export interface Rejected {
  status: string;
  documentNo: string;
}

export interface ReviewTask {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  status: 'pending' | 'claimed' | 'suspended' | 'correction_requested' | 'approved' | 'denied';
  kind: 'review' | 'verification';
  dueDate: string;
  dueDateProvisional: boolean;
  remainingWorkingDays: number;
  suspended: boolean;
  alarm: AlarmLevel;
  assignee?: string;
  outcome?: 'approve' | 'deny';
  opinion?: string;
}

/** `GET /api/v1/review/tasks/{id}` (and the answer of opinions and meetings): the task's whole record. */
export interface TaskDetail extends ReviewTask {
  promisedDays: number;
  startDate: string;
  pauses: TaskPause[];
  actions: { at: string; actor: string; action: string; note?: string }[];
  meetings: Meeting[];
  corrections: { items: { materialCode?: string; description: string }[]; requestedAt: string; requestedBy: string; supplementedAt?: string }[];
}

export interface TaskPause {
  kind: 'special_procedure' | 'correction';
  procedure?: Procedure;
  reason: string;
  expectedWorkingDays?: number;
  from: string;
  to?: string;
  startedBy: string;
  endedBy?: string;
}

export interface Meeting {
  id: string;
  topic: string;
  sections: string[];
  opinions: { section: string; position: MeetingPosition; opinion: string; by: string; at: string }[];
  conclusion?: string;
  concludedAt?: string;
}

/** `GET /api/v1/review/tasks/{id}/ledger`: the clock day by day. */
export interface TaskLedger {
  taskId: string;
  startDate: string;
  promisedDays: number;
  dueDate: string;
  provisional: boolean;
  elapsedWorkingDays: number;
  remainingWorkingDays: number;
  days: { date: string; counted: boolean; reason: LedgerReason; provisional: boolean }[];
}

/** `GET /api/v1/cases/{caseNo}` as a reviewer reads it (applicant masked). */
export interface CaseSummary {
  caseNo: string;
  status: CaseStatus;
  acceptedAt: string;
  applicant: { kind?: string; name: string };
  project: { code?: string; name: string; location?: string };
  items: { itemCode: string; itemName: string; departmentCode: string; outcome?: 'approve' | 'deny' }[];
}

export interface WaitingDocument {
  certificateId: string;
  caseNo: string;
  no: string;
  typeName: string;
  itemName: string;
  holderName: string;
  since: string;
  waitingWorkingDays: number;
  provisional: boolean;
  returnedByPost: boolean;
}

export type { AlarmLevel };

/** `GET /api/v1/supervision/alarms` */
export interface Alarm {
  id: string;
  kind: AlarmKind;
  level: 'yellow' | 'red';
  message: string;
  raisedAt: string;
  caseNo?: string;
  taskId?: string;
  department?: string;
  itemCode?: string;
}

/** `GET /api/v1/rectifications` */
export interface Rectification {
  evaluationId: string;
  caseNo: string;
  status: RectificationStatus;
  level: RatingLevel;
  departmentCode?: string;
  windowNo?: string;
  staff?: string;
  callbackDue: string;
  rectifyDue?: string;
  invalidReason?: string;
  note?: string;
  appeal?: { status: string; note?: string; decidedBy?: string };
  closedAt?: string;
  onTime?: boolean;
  alarms: ('yellow' | 'red')[];
}

/** `GET /api/v1/supervision/haocha-push` */
export interface HaochaItem {
  id: string;
  kind: 'rating' | 'rectification';
  caseNo?: string;
  status: 'pending' | 'rejected';
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastError?: string;
}
export interface HaochaBacklog {
  enabled: boolean;
  pending: number;
  failing: number;
  rejected: number;
  pushed: number;
  oldestPendingAt?: string;
  items: HaochaItem[];
}

/** `GET /api/v1/follow-up` */
export interface FollowUpCase {
  caseNo: string;
  status: CaseStatus;
  stage: Stage;
  projectName: string;
  applicantName: string;
  windowNo?: string;
  acceptedAt: string;
  promisedDueDate: string;
  promisedDueDateProvisional: boolean;
  alarm: AlarmLevel;
  tasks: { id: string; itemCode: string; itemName?: string; department: string; status: string; dueDate: string; remainingWorkingDays: number; suspended: boolean; alarm: AlarmLevel }[];
  messageProblems?: { messageId: string; templateName: string; statusText: string; reason: string }[];
}

/** `GET /api/v1/admin/accounts` */
export interface StaffAccount {
  username: string;
  displayName: string;
  roles: string[];
  department?: string;
  window?: string;
  phone: string;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  version: number;
}

/** `GET /api/v1/admin/windows` */
export interface HallWindow {
  no: string;
  name: string;
  kind: 'comprehensive' | 'business' | 'consultation' | 'pickup';
  department?: string;
  categories: QueueCategory[];
  stages: (1 | 2 | 3 | 4)[];
  location?: string;
  active: boolean;
  version: number;
  staff: { username: string; displayName: string; active: boolean }[];
  /** today's duty roster (值班) */
  duty?: { day: string; staff: { username: string; displayName: string; boundHere: boolean }[] };
}

/** `GET /api/v1/admin/departments` */
export interface Department {
  code: string;
  name: string;
  fullName: string;
  shortName: string;
  phone: string;
  address?: string;
  active: boolean;
  version: number;
  activeItems: number;
  staff: number;
  sections?: Section[];
}

/** 科室 `GET /api/v1/admin/departments/{code}/sections` */
export interface Section {
  code: string;
  name: string;
  head?: string;
  active: boolean;
  version: number;
}

/** `PUT /api/v1/admin/calendar/days/{date}`, `POST /api/v1/admin/calendar/years` */
export interface CalendarChange {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
  changes: { date: string; before: string; after: string }[];
}

/** `GET /api/v1/admin/calendar/changes/{version}/moved-deadlines` */
export interface MovedDeadline {
  kind: string;
  taskId?: string;
  caseNo?: string;
  department?: string;
  applicationId?: string;
  consultationId?: string;
  oldDueDate: string;
  newDueDate: string;
  provisional: boolean;
  changedAt: string;
}

/** `GET /api/v1/admin/sms-templates` */
export interface SmsTemplate {
  code: string;
  name: string;
  audience: 'applicant' | 'staff';
  urgent: boolean;
  variables: { name: string; description: string; elastic: boolean; maxLength?: number }[];
  version: number;
  body: string;
  defaultBody: string;
  segments: number;
  maxSegments: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** `POST /api/v1/admin/sms-templates/{code}/preview` */
export interface SmsPreview {
  text?: string;
  characters?: number;
  parts?: number;
  worstCaseSegments: number;
  maxSegments: number;
  problems: { field: string; kind: string; problem: string; problemText: string }[];
}

/** `GET /api/v1/admin/calendar` */
export interface CalendarOverview {
  version: number;
  years: number[];
  holidays: { date: string; name: string }[];
  makeUpWorkdays: { date: string; name: string }[];
  lastLoadedDate: string | null;
  provisionalYears: number[];
  provisionalHolidays: { date: string; name: string }[];
  warning: string | null;
}

/** An electronic file of an application (`files` of `GET /api/v1/applications/{id}`, the portal's materials) */
export interface MaterialFile {
  id: string;
  materialCode: string;
  materialName?: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy?: string;
  uploadedAt: string;
}

/** `GET /api/v1/applications/{id}` (the fields the window reads) */
export interface ApplicationDetail {
  id: string;
  status: 'submitted' | 'incomplete' | 'accepted' | 'rejected';
  channel: 'hall' | 'online' | 'assisted';
  stage: Stage;
  items: { code: string; name: string; department: { code: string; name: string } }[];
  applicant: { kind: 'enterprise' | 'person'; name: string; idNumber: string; phone: string };
  project: { code: string; name: string; location: string };
  materials: { code: string; name: string; form: 'paper' | 'electronic'; receivedAt: string }[];
  lastPrecheck?: { status: 'complete' | 'incomplete'; at: string };
  caseNo?: string;
  noticeDeadline?: string;
  createdAt: string;
  files: MaterialFile[];
}

/** GET /api/v1/project-codes/{code}: the 投资项目在线审批监管平台's record of a project code (never a refusal) */
export interface ProjectLookup {
  code: string;
  check: 'found' | 'unknown' | 'unavailable';
  project?: { name: string; owner: string; location: string; stage?: number };
  message: string;
}

/** GET /api/v1/supervision/exchange: the provincial platforms (apps/exchange) as the supervisor sees them */
export type ExchangeCounterpart = 'zwfw' | 'gcjs' | 'dzjc';
export interface ExchangeItem {
  id: string;
  counterpart: ExchangeCounterpart;
  milestone: string;
  caseNo: string;
  status: 'pending' | 'pushed' | 'rejected';
  attempts: number;
  occurredAt: string;
  createdAt: string;
  nextAttemptAt?: string;
  lastError?: string;
}
export interface ExchangeView {
  counterparts: { counterpart: ExchangeCounterpart; enabled: boolean; pending: number; failing: number; rejected: number; pushed: number; oldestPendingAt?: string }[];
  items: ExchangeItem[];
  projectChecks: { caseNo: string; projectCode: string; check: 'found' | 'unknown' | 'unavailable'; attempts: number; checkedAt?: string; lastError?: string }[];
  inbound: { pending: number; refused: number; forwarded: number; items: { id: string; kind: string; status: 'pending' | 'forwarded' | 'refused'; attempts: number; receivedAt: string; applicationId?: string; complaintId?: string; evaluationId?: string; lastError?: string }[] };
  /** the reconciliations run (`ranBy` `daily`: the night's), newest first */
  reconciliations: ReconciliationRun[];
}
/** POST /api/v1/supervision/exchange/reconcile */
export interface ReconciliationReport {
  date: string;
  counterparts: { counterpart: ExchangeCounterpart; enabled: boolean; error?: string; pushed: number; atProvince: number; requeued: string[]; unknownAtUs: string[] }[];
}
/** one reconciliation as it was run (`ranBy` `daily`: the night's job) */
export type ReconciliationRun = ReconciliationReport & { ranAt: string; ranBy: string };
