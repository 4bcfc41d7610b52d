import { ROLES, type Role } from './catalogue.js';

/**
 * Who may call which gateway route: the ONLY source of it. The gateway's AuthGuard looks the matched route up here
 * (`'<METHOD> <path as Nest declares it, with the global prefix>'`) and refuses a route it does not find (deny by
 * default): `'public'` needs no token; a list of roles needs a valid bearer token of an account holding one of them
 * (otherwise 403 FORBIDDEN). The OpenAPI document derives its security marks (and `x-roles`) from it, a gateway
 * test fails when a route of the app is missing here or a key names no route, and `apps/e2e/src/authz-matrix.e2e.ts`
 * walks every route with one account per role against it.
 *
 * The roles say who may call at all; the scope of an object (the caller's department for tasks, cases, documents
 * and paper; the caller's window for the queue) is checked by the service that owns it (docs/architecture.md,
 * "Who may do what").
 */
export type RouteAccess = 'public' | readonly Role[];

/** every staff role: any logged-in account (its own password) */
export const ANY_ROLE: readonly Role[] = ROLES;

/** the global prefix of every gateway route */
export const GATEWAY_PREFIX = 'api';

export const ACCESS_MATRIX: Readonly<Record<string, RouteAccess>> = Object.freeze<Record<string, RouteAccess>>({
  // statistics (issue 12.7): supervision and administration only
  'GET /api/v1/statistics/summary': ['supervisor', 'admin'],
  'GET /api/v1/statistics/cases': ['supervisor', 'admin'],
  'GET /api/v1/statistics/cases/:caseNo': ['supervisor', 'admin'],
  'GET /api/v1/statistics/export': ['supervisor', 'admin'],
  'GET /api/v1/statistics/status': ['supervisor', 'admin'],
  'POST /api/v1/statistics/rebuild': ['supervisor', 'admin'],
  // one project across the four stages (issue 12.6): the window, supervision, administration; a reviewer is refused,
  // the view joins every department's part of the project (a reviewer has the tasks of their own department)
  'GET /api/v1/projects/:projectCode': ['clerk', 'supervisor', 'admin'],
  'POST /api/v1/admin/accounts/:username/unlock': ['admin'],
  'POST /api/v1/admin/accounts/:username/disable': ['admin'],
  'POST /api/v1/admin/accounts/:username/enable': ['admin'],
  'GET /api/v1/audit': ['supervisor', 'admin'],
  'GET /api/v1/admin/accounts': ['admin'],
  'GET /api/v1/admin/accounts/:username': ['admin'],
  'POST /api/v1/admin/accounts': ['admin'],
  'PUT /api/v1/admin/accounts/:username': ['admin'],
  'POST /api/v1/admin/accounts/:username/reset-password': ['admin'],
  // 大厅配置: departments, sections, windows (the supervisor reads them)
  'GET /api/v1/admin/departments': ['admin', 'supervisor'],
  'GET /api/v1/admin/departments/:code': ['admin', 'supervisor'],
  'POST /api/v1/admin/departments': ['admin'],
  'PUT /api/v1/admin/departments/:code': ['admin'],
  'POST /api/v1/admin/departments/:code/retire': ['admin'],
  'DELETE /api/v1/admin/departments/:code': ['admin'],
  'GET /api/v1/admin/departments/:code/sections': ['admin', 'supervisor'],
  'POST /api/v1/admin/departments/:code/sections': ['admin'],
  'PUT /api/v1/admin/departments/:code/sections/:section': ['admin'],
  'GET /api/v1/admin/windows': ['admin', 'supervisor'],
  'GET /api/v1/admin/windows/:no': ['admin', 'supervisor'],
  'POST /api/v1/admin/windows': ['admin'],
  'PUT /api/v1/admin/windows/:no': ['admin'],
  'POST /api/v1/admin/windows/:no/retire': ['admin'],
  'PUT /api/v1/admin/windows/:no/duty': ['admin'],
  'PATCH /api/v1/admin/catalog/items/:code': ['admin'],
  'GET /api/v1/admin/catalog/versions': ['admin'],
  'POST /api/v1/admin/catalog/items': ['admin'],
  'POST /api/v1/admin/catalog/items/:code/retire': ['admin'],
  'GET /api/v1/admin/catalog/changes': ['admin'],
  'GET /api/v1/admin/calendar': ['admin'],
  'PUT /api/v1/admin/calendar/days/:date': ['admin'],
  'POST /api/v1/admin/calendar/years': ['admin'],
  'GET /api/v1/admin/calendar/changes/:version/moved-deadlines': ['admin', 'supervisor'],
  'GET /api/v1/admin/sms-providers': ['admin', 'supervisor'],
  'GET /api/v1/admin/calendar/changes': ['admin'],
  'POST /api/v1/applications': ['clerk'],
  'GET /api/v1/applications/:id': ['clerk', 'supervisor'],
  'POST /api/v1/applications/:id/materials': ['clerk'],
  'POST /api/v1/applications/:id/precheck': ['clerk'],
  'GET /api/v1/applications/:id/one-time-notice.pdf': ['clerk'],
  'GET /api/v1/applications/:id/notifications': ['clerk', 'supervisor'],
  'GET /api/v1/applications/:id/commitment-letter.pdf': ['clerk'],
  'GET /api/v1/applications/:id/rejection-decision.pdf': ['clerk'],
  'POST /api/v1/applications/:id/accept': ['clerk'],
  'POST /api/v1/applications/:id/reject': ['clerk'],
  'POST /api/v1/callbacks/:provider': 'public',
  'GET /api/v1/callbacks/:provider': 'public',
  // the provincial platforms' pushes: signed (checked by the exchange service), no token
  'POST /api/v1/callbacks/province/:kind': 'public',
  'GET /api/v1/cases/:caseNo': ['clerk', 'supervisor', 'reviewer'],
  'GET /api/v1/cases/:caseNo/documents': ['clerk', 'supervisor'],
  'GET /api/v1/cases/:caseNo/documents/:kind.pdf': ['clerk', 'supervisor'],
  'GET /api/v1/cases/:caseNo/acceptance-notice.pdf': ['clerk', 'supervisor'],
  'GET /api/v1/cases/:caseNo/notifications': ['clerk', 'supervisor'],
  'POST /api/v1/cases/:caseNo/supplements': ['clerk'],
  'POST /api/v1/cases/:caseNo/early-delivery': ['clerk'],
  'GET /api/v1/inquiry': 'public',
  'POST /api/v1/public/complaints': 'public',
  'POST /api/v1/cases/:caseNo/wechat': 'public',
  'DELETE /api/v1/cases/:caseNo/wechat': 'public',
  'GET /api/v1/catalog/items': 'public',
  'GET /api/v1/catalog/items/:code/guide.pdf': 'public',
  'GET /api/v1/catalog/stages/:stage/guide.pdf': 'public',
  'GET /api/v1/calendar/add-working-days': 'public',
  'POST /api/v1/calendar/deadline': 'public',
  'POST /api/v1/cases/:caseNo/authorisations': ['clerk'],
  'GET /api/v1/cases/:caseNo/authorisations': ['clerk', 'supervisor'],
  'POST /api/v1/cases/:caseNo/handovers': ['clerk'],
  'GET /api/v1/cases/:caseNo/handovers': ['clerk', 'supervisor'],
  'GET /api/v1/handovers/:id': ['clerk', 'supervisor'],
  'GET /api/v1/handovers/:id/receipt.pdf': ['clerk', 'supervisor'],
  'GET /api/v1/pickup-desk/waiting': ['clerk', 'supervisor'],
  'GET /api/v1/cases/:caseNo/shipments': ['clerk', 'supervisor'],
  'POST /api/v1/ems/webhook': 'public',
  'POST /api/v1/certificates/:id/revoke': ['reviewer'],
  'POST /api/v1/certificates/:id/correct': ['reviewer'],
  'GET /api/v1/follow-up': ['clerk', 'supervisor'],
  'POST /api/v1/applications/:id/window-review': ['reviewer'],
  'GET /api/v1/applications/:id/paper': ['clerk', 'supervisor', 'reviewer'],
  'POST /api/v1/applications/:id/paper/handover': ['clerk'],
  'POST /api/v1/applications/:id/paper/return': ['clerk', 'reviewer'],
  'GET /api/v1/paper/outstanding': ['clerk', 'supervisor', 'admin'],
  'POST /api/v1/consultations': ['consultant', 'clerk'],
  'GET /api/v1/consultations': ['consultant', 'clerk', 'supervisor'],
  'POST /api/v1/consultations/:id/close': ['consultant', 'clerk', 'supervisor'],
  // complaints (issue 14.4): routed by the consultation window or supervision, answered by the responsible department
  'POST /api/v1/consultations/:id/route': ['consultant', 'clerk', 'supervisor'],
  'POST /api/v1/consultations/:id/reply': ['reviewer', 'department_head', 'supervisor'],
  'GET /api/v1/labels': 'public',
  'POST /api/v1/notifications/:id/resolve': ['clerk', 'supervisor'],
  'GET /api/health': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'public',
  'POST /api/v1/auth/password': ANY_ROLE,
  'POST /api/v1/portal/applications': 'public',
  // the applicant's own case (issue 13.5): a one-time SMS code (public, rate limited) → an applicant token for ONE
  // application and its case; every portal route takes its scope from that token
  'POST /api/v1/portal/codes': 'public',
  'POST /api/v1/portal/sessions': 'public',
  'GET /api/v1/portal/case': ['applicant'],
  'GET /api/v1/portal/documents/:kind.pdf': ['applicant'],
  'GET /api/v1/portal/decisions/:id.pdf': ['applicant'],
  'POST /api/v1/portal/materials/:code/files': ['applicant'],
  'GET /api/v1/portal/files/:fileId': ['applicant'],
  'DELETE /api/v1/portal/files/:fileId': ['applicant'],
  'POST /api/v1/portal/supplements': ['applicant'],
  'POST /api/v1/portal/service-events/:id/rating': ['applicant'],
  // 电子材料 at the window (issue 13.5): the clerk uploads and removes; who may see the application sees its files
  // (a reviewer only of an application with an item of their department: intake's scope, 404 otherwise)
  'POST /api/v1/applications/:id/materials/:code/files': ['clerk'],
  'GET /api/v1/applications/:id/files': ['clerk', 'supervisor', 'reviewer'],
  'GET /api/v1/applications/:id/files/:fileId': ['clerk', 'supervisor', 'reviewer'],
  'DELETE /api/v1/applications/:id/files/:fileId': ['clerk'],
  'POST /api/v1/queue/tickets': 'public',
  'POST /api/v1/queue/call-next': ['clerk', 'consultant'],
  'POST /api/v1/queue/recall': ['clerk', 'consultant'],
  'POST /api/v1/queue/no-show': ['clerk', 'consultant'],
  'POST /api/v1/queue/transfer': ['clerk', 'consultant'],
  'GET /api/v1/queue/board': 'public',
  'GET /api/v1/queue/board/stream': 'public',
  'GET /api/v1/updates': ['clerk', 'reviewer', 'department_head', 'supervisor', 'applicant'],
  'GET /api/v1/queue/stats': ['clerk', 'consultant', 'supervisor', 'admin'],
  'GET /api/v1/cases/:caseNo/certificates': ['clerk', 'supervisor'],
  'GET /api/v1/certificates/:id.pdf': ['clerk', 'supervisor', 'reviewer'],
  'GET /api/v1/certificates/:id/change-notice.pdf': ['clerk', 'supervisor', 'reviewer'],
  'POST /api/v1/certificates/:id/collect': ['clerk'],
  'POST /api/v1/cases/:caseNo/mail': ['clerk'],
  'GET /api/v1/verify/:verifyCode': 'public',
  'GET /api/v1/cases/:caseNo/evaluations': ['clerk', 'supervisor'],
  'POST /api/v1/evaluations': ['clerk'],
  'GET /api/v1/cases/:caseNo/service-events': ['clerk', 'supervisor'],
  'POST /api/v1/evaluations/paper': ['clerk', 'supervisor'],
  'POST /api/v1/evaluation-pads': ['admin'],
  'POST /api/v1/evaluations/pad': 'public',
  'POST /api/v1/evaluation-links': ['clerk', 'supervisor', 'admin'],
  'POST /api/v1/evaluations/link': 'public',
  'GET /api/v1/evaluations/link/:token': 'public',
  'GET /api/v1/evaluations/stats': ['supervisor', 'admin'],
  'POST /api/v1/evaluations/sweep': ['supervisor', 'admin'],
  'GET /api/v1/rectifications': ['clerk', 'department_head', 'supervisor', 'admin'],
  'POST /api/v1/rectifications/:id/actions': ['clerk', 'department_head', 'supervisor'],
  'GET /api/v1/review/tasks': ['reviewer'],
  'POST /api/v1/review/tasks/:id/claim': ['reviewer'],
  'POST /api/v1/review/tasks/:id/decide': ['reviewer'],
  'POST /api/v1/review/tasks/:id/verify-commitment': ['reviewer'],
  'POST /api/v1/review/tasks/:id/suspend': ['reviewer'],
  'POST /api/v1/review/tasks/:id/resume': ['reviewer'],
  'POST /api/v1/review/tasks/:id/request-correction': ['reviewer'],
  'POST /api/v1/review/tasks/:id/assign': ['department_head'],
  'POST /api/v1/review/tasks/:id/opinions': ['reviewer'],
  'GET /api/v1/review/tasks/:id': ['reviewer'],
  'GET /api/v1/review/tasks/:id/ledger': ['reviewer'],
  'POST /api/v1/review/tasks/:id/meetings': ['reviewer'],
  'POST /api/v1/review/tasks/:id/meetings/:meetingId/opinions': ['reviewer'],
  'POST /api/v1/review/tasks/:id/meetings/:meetingId/conclude': ['reviewer'],
  'GET /api/v1/admin/sms-templates': ['admin', 'supervisor'],
  'GET /api/v1/admin/sms-templates/:code': ['admin', 'supervisor'],
  'POST /api/v1/admin/sms-templates/:code/preview': ['admin', 'supervisor'],
  'PUT /api/v1/admin/sms-templates/:code': ['admin'],
  'GET /api/v1/supervision/alarms': ['supervisor', 'clerk'],
  'POST /api/v1/supervision/alarms/:id/acknowledge': ['supervisor', 'clerk'],
  'POST /api/v1/supervision/sweep': ['supervisor', 'admin'],
  // the provincial 好差评 push (issue 14.6): its backlog and failures, for supervision
  'GET /api/v1/supervision/haocha-push': ['supervisor', 'admin'],
  'POST /api/v1/supervision/haocha-push/:id/retry': ['supervisor', 'admin'],
  'GET /api/v1/supervision/exchange': ['supervisor', 'admin'],
  'GET /api/v1/project-codes/:code': ['clerk', 'supervisor', 'admin'],
  'POST /api/v1/supervision/exchange/reconcile': ['supervisor', 'admin'],
  'POST /api/v1/supervision/exchange/:id/retry': ['supervisor', 'admin'],
});

/** The key of a route in ACCESS_MATRIX: `GET /api/v1/cases/:caseNo`. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** Whether an account with these roles may call the route (false for a route not in the matrix). */
export function mayCall(key: string, roles: readonly Role[] | undefined): boolean {
  const access = ACCESS_MATRIX[key];
  if (access === undefined) return false;
  if (access === 'public') return true;
  return (roles ?? []).some((r) => access.includes(r));
}

/** `/api/v1/cases/:caseNo` → `/api/v1/cases/{caseNo}` (the OpenAPI form of a path). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * The only routes open to a token whose password the administrator set and the person has not yet changed (a new
 * account, a reset): everything else answers 403 PASSWORD_CHANGE_REQUIRED.
 */
export const DURING_PASSWORD_CHANGE: readonly string[] = Object.freeze(['POST /api/v1/auth/password']);
