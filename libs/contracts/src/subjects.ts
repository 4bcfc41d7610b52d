/**
 * THE catalogue of NATS subjects. Every subject the services use is defined here, once, with its payload
 * type. Names are versioned (`.v1`); a changed payload gets a new version beside the old one, and a
 * subject is never renamed (department systems and durable consumers are bound to these strings).
 * docs/subjects.md lists them for people; a unit test keeps the two in step.
 */
import { event, rpc } from './catalogue.js';
import {
  AddWorkingDaysRequest,
  DeadlineRequest,
  ListItemsRequest,
  LoginRequest,
  ResolveItemsRequest,
  UpdateItemRequest,
  SetCalendarDayRequest,
  LoadCalendarYearRequest,
  CalendarChangedV1,
  type CalendarChangeView,
  type CalendarOverview,
  type CatalogVersionView,
  type AuthenticatedUser,
  type CalendarSnapshot,
  type CatalogItemView,
  type ResolveItemsReply,
  type WindowView,
} from './admin.js';
import { ByCaseNoRequest, ByIdRequest } from './common.js';
import {
  AcceptRequest,
  AddMaterialsRequest,
  CaseAcceptedV1,
  CaseDecidedV1,
  CaseStatusChangedV1,
  CreateApplicationRequest,
  GetDocumentRequest,
  InquiryRequest,
  PaperHandoverRequest,
  PaperReturnRequest,
  OutstandingPaperRequest,
  WindowReviewRequest,
  CreateConsultationRequest,
  ListConsultationsRequest,
  CloseConsultationRequest,
  ListAlarmsRequest,
  AlarmRaisedV1,
  ListCasesRequest,
  NoticeIssuedV1,
  PrecheckRequest,
  RejectRequest,
  type AcceptReply,
  type ApplicationCreatedReply,
  type ApplicationView,
  type CaseView,
  type DocumentReply,
  type InquiryReply,
  type AlarmView,
  type PaperFileView,
  type ConsultationView,
  type CaseSummary,
  type PrecheckReply,
} from './intake.js';
import {
  ClaimTaskRequest,
  DecideTaskRequest,
  ListTasksRequest,
  TaskDecidedV1,
  TasksCreatedV1,
  TasksOfCaseRequest,
  TasksOfCasesRequest,
  type TaskView,
} from './review.js';
import {
  CertificateCollectedV1,
  CertificatesIssuedV1,
  CollectCertificateRequest,
  VerifyCertificateRequest,
  type CertificateVerification,
  type CertificateView,
} from './certificate.js';
import { ByRefRequest, MessageSentV1, type NotificationView } from './notification.js';
import {
  CallNextRequest,
  IssueTicketRequest,
  QueueStatsRequest,
  TicketActionRequest,
  TransferTicketRequest,
  TurnNearV1,
  type QueueBoard,
  type QueueStats,
  type TicketCalled,
  type TicketIssued,
} from './queue.js';
import { EvaluationSubmittedV1, SubmitEvaluationRequest, type EvaluationView } from './evaluation.js';

export const SERVICES = ['intake', 'review', 'certificate', 'notification', 'evaluation', 'admin'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function healthSubject(service: string): string {
  return `yc.rpc.${service}.health.v1`;
}

export const Rpc = {
  admin: {
    verifyLogin: rpc<LoginRequest, AuthenticatedUser>('yc.rpc.admin.auth.verify.v1', LoginRequest),
    listItems: rpc<ListItemsRequest, CatalogItemView[]>('yc.rpc.admin.catalog.items.list.v1', ListItemsRequest),
    resolveItems: rpc<ResolveItemsRequest, ResolveItemsReply>('yc.rpc.admin.catalog.items.resolve.v1', ResolveItemsRequest),
    getCalendar: rpc<Record<string, never>, CalendarSnapshot>('yc.rpc.admin.calendar.get.v1', null),
    listWindows: rpc<Record<string, never>, WindowView[]>('yc.rpc.admin.windows.list.v1', null),
    updateItem: rpc<UpdateItemRequest, CatalogItemView>('yc.rpc.admin.catalog.item.update.v1', UpdateItemRequest),
    catalogVersions: rpc<Record<string, never>, CatalogVersionView[]>('yc.rpc.admin.catalog.versions.v1', null),
    calendarOverview: rpc<Record<string, never>, CalendarOverview>('yc.rpc.admin.calendar.overview.v1', null),
    setCalendarDay: rpc<SetCalendarDayRequest, CalendarChangeView>('yc.rpc.admin.calendar.day.set.v1', SetCalendarDayRequest),
    loadCalendarYear: rpc<LoadCalendarYearRequest, CalendarChangeView>('yc.rpc.admin.calendar.year.load.v1', LoadCalendarYearRequest),
    calendarChanges: rpc<Record<string, never>, CalendarChangeView[]>('yc.rpc.admin.calendar.changes.v1', null),
    addWorkingDays: rpc<AddWorkingDaysRequest, { from: string; days: number; date: string }>('yc.rpc.admin.calendar.add-working-days.v1', AddWorkingDaysRequest),
    deadline: rpc<DeadlineRequest, { dueDate: string; days: { date: string; counted: boolean; reason: string }[] }>(
      'yc.rpc.admin.calendar.deadline.v1',
      DeadlineRequest,
    ),
  },
  intake: {
    createApplication: rpc<CreateApplicationRequest, ApplicationCreatedReply>('yc.rpc.intake.application.create.v1', CreateApplicationRequest),
    getApplication: rpc<ByIdRequest, ApplicationView>('yc.rpc.intake.application.get.v1', ByIdRequest),
    addMaterials: rpc<AddMaterialsRequest, ApplicationView>('yc.rpc.intake.application.add-materials.v1', AddMaterialsRequest),
    precheck: rpc<PrecheckRequest, PrecheckReply>('yc.rpc.intake.application.precheck.v1', PrecheckRequest),
    accept: rpc<AcceptRequest, AcceptReply>('yc.rpc.intake.application.accept.v1', AcceptRequest),
    reject: rpc<RejectRequest, { id: string; status: 'rejected'; documentNo: string }>('yc.rpc.intake.application.reject.v1', RejectRequest),
    getCase: rpc<ByCaseNoRequest, CaseView>('yc.rpc.intake.case.get.v1', ByCaseNoRequest),
    getDocument: rpc<GetDocumentRequest, DocumentReply>('yc.rpc.intake.document.get.v1', GetDocumentRequest),
    inquiry: rpc<InquiryRequest, InquiryReply>('yc.rpc.intake.inquiry.v1', InquiryRequest),
    listCases: rpc<ListCasesRequest, CaseSummary[]>('yc.rpc.intake.case.list.v1', ListCasesRequest),
    listAlarms: rpc<ListAlarmsRequest, AlarmView[]>('yc.rpc.intake.alarm.list.v1', ListAlarmsRequest),
    acknowledgeAlarm: rpc<ByIdRequest, AlarmView>('yc.rpc.intake.alarm.acknowledge.v1', ByIdRequest),
    sweep: rpc<Record<string, never>, { raised: number }>('yc.rpc.intake.supervision.sweep.v1', null),
    paperHandover: rpc<PaperHandoverRequest, PaperFileView[]>('yc.rpc.intake.paper.handover.v1', PaperHandoverRequest),
    paperReturn: rpc<PaperReturnRequest, PaperFileView[]>('yc.rpc.intake.paper.return.v1', PaperReturnRequest),
    paperOutstanding: rpc<OutstandingPaperRequest, PaperFileView[]>('yc.rpc.intake.paper.outstanding.v1', OutstandingPaperRequest),
    paperOfApplication: rpc<ByIdRequest, PaperFileView[]>('yc.rpc.intake.paper.of-application.v1', ByIdRequest),
    windowReview: rpc<WindowReviewRequest, ApplicationView>('yc.rpc.intake.application.window-review.v1', WindowReviewRequest),
    createConsultation: rpc<CreateConsultationRequest, ConsultationView>('yc.rpc.intake.consultation.create.v1', CreateConsultationRequest),
    listConsultations: rpc<ListConsultationsRequest, ConsultationView[]>('yc.rpc.intake.consultation.list.v1', ListConsultationsRequest),
    closeConsultation: rpc<CloseConsultationRequest, ConsultationView>('yc.rpc.intake.consultation.close.v1', CloseConsultationRequest),
    issueTicket: rpc<IssueTicketRequest, TicketIssued>('yc.rpc.intake.queue.ticket.issue.v1', IssueTicketRequest),
    callNext: rpc<CallNextRequest, { ticket: TicketCalled | null }>('yc.rpc.intake.queue.call-next.v1', CallNextRequest),
    recall: rpc<TicketActionRequest, TicketCalled>('yc.rpc.intake.queue.recall.v1', TicketActionRequest),
    noShow: rpc<TicketActionRequest, TicketCalled>('yc.rpc.intake.queue.no-show.v1', TicketActionRequest),
    transferTicket: rpc<TransferTicketRequest, TicketIssued>('yc.rpc.intake.queue.transfer.v1', TransferTicketRequest),
    queueBoard: rpc<Record<string, never>, QueueBoard>('yc.rpc.intake.queue.board.v1', null),
    queueStats: rpc<QueueStatsRequest, QueueStats>('yc.rpc.intake.queue.stats.v1', QueueStatsRequest),
  },
  review: {
    listTasks: rpc<ListTasksRequest, TaskView[]>('yc.rpc.review.task.list.v1', ListTasksRequest),
    tasksOfCase: rpc<TasksOfCaseRequest, TaskView[]>('yc.rpc.review.task.list-by-case.v1', TasksOfCaseRequest),
    tasksOfCases: rpc<TasksOfCasesRequest, TaskView[]>('yc.rpc.review.task.list-by-cases.v1', TasksOfCasesRequest),
    claim: rpc<ClaimTaskRequest, TaskView>('yc.rpc.review.task.claim.v1', ClaimTaskRequest),
    decide: rpc<DecideTaskRequest, TaskView>('yc.rpc.review.task.decide.v1', DecideTaskRequest),
  },
  certificate: {
    listByCase: rpc<ByCaseNoRequest, CertificateView[]>('yc.rpc.certificate.list-by-case.v1', ByCaseNoRequest),
    collect: rpc<CollectCertificateRequest, CertificateView>('yc.rpc.certificate.collect.v1', CollectCertificateRequest),
    verify: rpc<VerifyCertificateRequest, CertificateVerification>('yc.rpc.certificate.verify.v1', VerifyCertificateRequest),
  },
  notification: {
    listByCase: rpc<ByCaseNoRequest, NotificationView[]>('yc.rpc.notification.list-by-case.v1', ByCaseNoRequest),
    listByRef: rpc<ByRefRequest, NotificationView[]>('yc.rpc.notification.list-by-ref.v1', ByRefRequest),
  },
  evaluation: {
    submit: rpc<SubmitEvaluationRequest, EvaluationView>('yc.rpc.evaluation.submit.v1', SubmitEvaluationRequest),
    listByCase: rpc<ByCaseNoRequest, EvaluationView[]>('yc.rpc.evaluation.list-by-case.v1', ByCaseNoRequest),
  },
} as const;

export const Events = {
  calendarChanged: event('yc.evt.admin.calendar.changed.v1', CalendarChangedV1),
  caseAccepted: event('yc.evt.intake.case.accepted.v1', CaseAcceptedV1),
  caseDecided: event('yc.evt.intake.case.decided.v1', CaseDecidedV1),
  caseStatusChanged: event('yc.evt.intake.case.status-changed.v1', CaseStatusChangedV1),
  noticeIssued: event('yc.evt.intake.notice.issued.v1', NoticeIssuedV1),
  alarmRaised: event('yc.evt.intake.alarm.raised.v1', AlarmRaisedV1),
  turnNear: event('yc.evt.intake.queue.turn-near.v1', TurnNearV1),
  tasksCreated: event('yc.evt.review.tasks.created.v1', TasksCreatedV1),
  taskDecided: event('yc.evt.review.task.decided.v1', TaskDecidedV1),
  certificatesIssued: event('yc.evt.certificate.issued.v1', CertificatesIssuedV1),
  certificateCollected: event('yc.evt.certificate.collected.v1', CertificateCollectedV1),
  messageSent: event('yc.evt.notification.message.sent.v1', MessageSentV1),
  evaluationSubmitted: event('yc.evt.evaluation.submitted.v1', EvaluationSubmittedV1),
} as const;
