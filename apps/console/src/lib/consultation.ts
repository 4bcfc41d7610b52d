/** 咨询台: what the consultation desk shows of a consultation or complaint and what may be done with it. */
import { CONSULTATION_CHANNEL_TEXT, CONSULTATION_KIND_TEXT, CONSULTATION_STATUS_TEXT, type ConsultationChannel, type ConsultationKind, type ConsultationStatus } from '@yichuang/domain';

/** A consultation as `GET /api/v1/consultations` answers it (the phone masked). */
export interface Consultation {
  id: string;
  channel: string;
  kind: ConsultationKind;
  topic: string;
  question: string;
  answer?: string;
  contactName?: string;
  phone?: string;
  ticketNo?: string;
  handler?: string;
  dueDate?: string;
  department?: string;
  caseNo?: string;
  reply?: { text: string; by: string; at: string };
  status: ConsultationStatus;
  resolution?: string;
  createdBy: string;
  createdAt: string;
}

/** `现场咨询`, `电话投诉`, … */
export function kindText(c: Pick<Consultation, 'channel' | 'kind'>): string {
  return `${CONSULTATION_CHANNEL_TEXT[c.channel as ConsultationChannel] ?? c.channel}${CONSULTATION_KIND_TEXT[c.kind]}`;
}

export function statusText(s: ConsultationStatus): string {
  return CONSULTATION_STATUS_TEXT[s];
}

/** The tag colour of a status: open in the warning colour, answered blue, closed grey. */
export function statusColor(s: ConsultationStatus): 'warning' | 'processing' | 'default' {
  return s === 'open' ? 'warning' : s === 'answered' ? 'processing' : 'default';
}

/**
 * The actions the desk offers for one entry (the services decide; this only hides what they would refuse):
 * 转交部门 for an open complaint (the window, the consultant or a supervisor); 部门答复 for an open complaint already
 * routed, by its department's reviewers or head or a supervisor; 办结 while not closed.
 */
export function actionsFor(c: Pick<Consultation, 'kind' | 'status' | 'department'>, user: { roles: readonly string[]; department?: string }): { route: boolean; reply: boolean; close: boolean } {
  const open = c.status === 'open';
  const complaint = c.kind === 'complaint';
  const supervisor = user.roles.includes('supervisor');
  const ofDepartment = (user.roles.includes('reviewer') || user.roles.includes('department_head')) && !!c.department && user.department === c.department;
  return {
    route: open && complaint && (supervisor || user.roles.includes('consultant') || user.roles.includes('clerk')),
    reply: open && complaint && !!c.department && (supervisor || ofDepartment),
    close: c.status !== 'closed' && (supervisor || user.roles.includes('consultant') || user.roles.includes('clerk')),
  };
}

/** Open ones first (oldest first: who has waited longest), then answered, then closed (newest first). */
export function deskOrder(list: readonly Consultation[]): Consultation[] {
  const rank = { open: 0, answered: 1, closed: 2 } as const;
  return [...list].sort((a, b) => rank[a.status] - rank[b.status] || (a.status === 'open' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
}
