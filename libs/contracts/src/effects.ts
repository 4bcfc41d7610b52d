/**
 * THE classification of every request subject: does it change state (`change`: an audit record is written for it,
 * whatever its outcome) or only read (`read`)? One place for the whole catalogue; a unit test (effects.spec.ts)
 * refuses a subject of `Rpc` that is missing here or classified twice. Logins, refreshes and logouts are changes
 * (the audit trail must hold them, failed ones included); health and token-state checks are reads.
 */
import type { RpcEffect } from './audit.js';
import type { RpcDef } from './catalogue.js';
import { DEPARTMENT_TASK_ACTIONS, type DepartmentTaskAction } from './review.js';
import { Rpc } from './subjects.js';

type Def = RpcDef<unknown, unknown>;
const { admin, intake, review, certificate, notification, evaluation, statistics, exchange } = Rpc;

export const STATE_CHANGING_RPCS: readonly Def[] = [
  admin.verifyLogin, admin.refreshSession, admin.logout, admin.changePassword,
  admin.unlockAccount, admin.disableAccount, admin.enableAccount, admin.createAccount, admin.updateAccount, admin.resetPassword,
  admin.createItem, admin.retireItem,
  admin.createDepartment, admin.updateDepartment, admin.retireDepartment, admin.deleteDepartment, admin.createSection,
  admin.updateSection, admin.createWindow, admin.updateWindow, admin.retireWindow, admin.setWindowDuty,
  admin.updateItem, admin.setCalendarDay, admin.loadCalendarYear,
  intake.createApplication, intake.submitOnline, intake.addMaterials, intake.precheck, intake.accept, intake.reject,
  intake.earlyDelivery, intake.acknowledgeAlarm, intake.sweep, intake.paperHandover, intake.paperReturn, intake.windowReview,
  intake.createConsultation, intake.closeConsultation, intake.submitComplaintOnline, intake.submitComplaintFromProvince, intake.routeComplaint, intake.replyComplaint, intake.issueTicket, intake.callNext, intake.recall, intake.noShow,
  intake.transferTicket, intake.addCaseSupplement, intake.recordMaterialFile, intake.recordMaterialFileFromProvince, intake.removeMaterialFile,
  intake.portalRequestCode, intake.portalVerifyCode,
  review.claim, review.decide, review.suspend, review.resume, review.requestCorrection, review.assign, review.addOpinion,
  review.conveneMeeting, review.sectionOpinion, review.concludeMeeting, review.acknowledgeAlarm, review.sweepAlarms,
  review.verifyCommitment,
  certificate.collect, certificate.revoke, certificate.correct, certificate.recordAuthorisation, certificate.handOver,
  certificate.mail, certificate.emsWebhook, certificate.acknowledgeAlarm, certificate.sweepAlarms,
  notification.providerCallback, notification.wechatBind, notification.wechatUnbind, notification.saveTemplate,
  notification.resolveProblem,
  evaluation.submit, evaluation.rateServiceEvent, evaluation.registerPad, evaluation.ratePad, evaluation.issueLink,
  evaluation.rateByLink, evaluation.smsReply, evaluation.rateFromProvince, evaluation.actOnRectification, evaluation.sweep, evaluation.pushRetry,
  statistics.rebuild,
  exchange.retry, exchange.reconcile, exchange.provinceCallback,
];

export const READ_ONLY_RPCS: readonly Def[] = [
  admin.tokenState, admin.listItems, admin.resolveItems, admin.catalogSnapshot, admin.getCalendar, admin.listWindows,
  admin.catalogVersions, admin.calendarOverview, admin.calendarChanges, admin.addWorkingDays, admin.deadline,
  admin.staffContacts, admin.listAudit, admin.listAccounts, admin.getAccount, admin.scheduledCatalogChanges, admin.itemGuide, admin.stageGuide,
  intake.openApplications, intake.waitingTickets,
  admin.listDepartments, admin.getDepartment, admin.sectionsOf, admin.listHallWindows, admin.getWindow,
  intake.getApplication, intake.getCase, intake.getDocument, intake.inquiry, intake.listCases, intake.listAlarms,
  intake.paperOutstanding, intake.paperOfApplication, intake.listConsultations, intake.queueBoard, intake.queueStats,
  intake.movedDeadlines, intake.commitmentLetter, intake.caseDocuments, intake.listMaterialFiles, intake.locateMaterialFile,
  intake.portalOverview,
  review.listTasks, review.tasksOfCase, review.tasksOfCases, review.detail, review.ledger, review.listAlarms,
  review.movedDeadlines,
  certificate.listByCase, certificate.verify, certificate.pdf, certificate.listAuthorisations, certificate.listHandovers,
  certificate.getHandover, certificate.handoverReceipt, certificate.listWaiting, certificate.listShipments,
  certificate.listAlarms,
  notification.listByCase, notification.listByRef, notification.listTemplates, notification.getTemplate,
  notification.previewTemplate, notification.problems, notification.providers,
  evaluation.listByCase, evaluation.serviceEventsOfCase, evaluation.listRectifications, evaluation.stats,
  evaluation.pushBacklog, evaluation.linkInfo,
  statistics.summary, statistics.cases, statistics.caseTimes, statistics.exportReport, statistics.status, statistics.project,
  exchange.backlog, exchange.lookupProject,
];

/** A department system's requests (`yc.dept.<CODE>.task.<action>.v1`): only `list` reads. */
export const DEPARTMENT_ACTION_EFFECTS: Record<DepartmentTaskAction, RpcEffect> = {
  list: 'read',
  claim: 'change',
  decide: 'change',
  suspend: 'change',
  resume: 'change',
  'request-correction': 'change',
};

const effects = new Map<string, RpcEffect>([
  ...STATE_CHANGING_RPCS.map((d) => [d.subject, 'change'] as const),
  ...READ_ONLY_RPCS.map((d) => [d.subject, 'read'] as const),
]);

/**
 * The effect of a request on `subject`. Health checks (`yc.rpc.<service>.health.v1`) read; any other subject not in
 * the catalogue (the test-only clock control, a subject added without classifying it) counts as a change, so that
 * nothing that might change state goes unrecorded.
 */
export function rpcEffect(subject: string): RpcEffect {
  const known = effects.get(subject);
  if (known) return known;
  if (/^yc\.rpc\.[a-z]+\.health\.v\d+$/.test(subject)) return 'read';
  const dept = /^yc\.dept\.[A-Z][A-Z0-9_]*\.task\.([a-z-]+)\.v\d+$/.exec(subject);
  if (dept && (DEPARTMENT_TASK_ACTIONS as readonly string[]).includes(dept[1] ?? '')) return DEPARTMENT_ACTION_EFFECTS[dept[1] as DepartmentTaskAction];
  return 'change';
}
