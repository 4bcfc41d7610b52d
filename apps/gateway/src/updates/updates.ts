import { Events, type Actor } from '@yichuang/contracts';

/**
 * What a terminal is told when something it shows has changed (a push channel, so that a reviewer's inbox or an
 * applicant's page need not ask again and again): only ids and what changed — never a name, an ID number or a phone;
 * the terminal reads what it shows through the API as before.
 */
export type Update =
  | { kind: 'task'; change: 'created' | 'decided' | 'suspended' | 'resumed'; caseNo: string; taskId: string; departmentCode: string }
  | { kind: 'case'; change: 'accepted' | 'status' | 'decided' | 'issued' | 'collected'; caseNo: string; applicationId?: string };

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** the events the channel is fed by, and the updates each becomes */
export const UPDATE_SOURCES: Record<string, (d: Data) => Update[]> = {
  [Events.tasksCreated.subject]: (d) =>
    (Array.isArray(d['tasks']) ? (d['tasks'] as Data[]) : []).map((t) => ({ kind: 'task', change: 'created', caseNo: str(d['caseNo']), taskId: str(t['taskId']), departmentCode: str(t['departmentCode']) })),
  [Events.taskDecided.subject]: (d) => [task('decided', d)],
  [Events.taskSuspended.subject]: (d) => [task('suspended', d)],
  [Events.taskResumed.subject]: (d) => [task('resumed', d)],
  [Events.caseAccepted.subject]: (d) => [{ kind: 'case', change: 'accepted', caseNo: str(d['caseNo']), ...(d['applicationId'] ? { applicationId: str(d['applicationId']) } : {}) }],
  [Events.caseStatusChanged.subject]: (d) => [{ kind: 'case', change: 'status', caseNo: str(d['caseNo']) }],
  [Events.caseDecided.subject]: (d) => [{ kind: 'case', change: 'decided', caseNo: str(d['caseNo']) }],
  [Events.certificatesIssued.subject]: (d) => [{ kind: 'case', change: 'issued', caseNo: str(d['caseNo']) }],
  [Events.certificateCollected.subject]: (d) => [{ kind: 'case', change: 'collected', caseNo: str(d['caseNo']) }],
};

function task(change: 'decided' | 'suspended' | 'resumed', d: Data): Update {
  return { kind: 'task', change, caseNo: str(d['caseNo']), taskId: str(d['taskId']), departmentCode: str(d['departmentCode']) };
}

/** the updates an event becomes (none for an event the channel does not carry, or one it cannot read) */
export function updatesOf(subject: string, envelope: unknown): Update[] {
  const make = UPDATE_SOURCES[subject];
  const data = (envelope as { data?: unknown } | null)?.data;
  if (!make || typeof data !== 'object' || data === null) return [];
  return make(data as Data).filter((u) => u.caseNo);
}

/**
 * Who is told what: a supervisor everything; a department's reviewers and head their department's tasks; the window's
 * clerks every case; an applicant their own case (its tasks too: the portal shows each department's clock).
 */
export function visibleTo(u: Update, actor: Actor): boolean {
  const roles = actor.roles as string[];
  if (roles.includes('supervisor')) return true;
  if (u.kind === 'task' && (roles.includes('reviewer') || roles.includes('department_head')) && actor.department === u.departmentCode) return true;
  if (u.kind === 'case' && roles.includes('clerk')) return true;
  if (roles.includes('applicant')) return (!!actor.caseNo && actor.caseNo === u.caseNo) || (u.kind === 'case' && !!actor.applicationId && u.applicationId === actor.applicationId);
  return false;
}
