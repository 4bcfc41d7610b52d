/**
 * What the applicant's pages read from the gateway's answers (docs/contract/gateway-v1.md, "portal" and the rating
 * link); the requests are typed from schema.d.ts.
 */
import type { RatableEvent } from '../../lib/portal';

export interface PortalSessionAnswer {
  accessToken: string;
  expiresIn: number;
  applicationId: string;
  caseNo?: string;
}

export interface PortalFile {
  id: string;
  materialCode: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

export interface PortalCase {
  applicationId: string;
  applicationStatus: string;
  caseNo?: string;
  caseStatus?: string;
  statusText: string;
  stage: number;
  project: { code: string; name: string };
  applicant: { name: string; phone: string };
  submittedAt: string;
  acceptedAt?: string;
  promisedDueDate?: string;
  promisedDueDateProvisional?: boolean;
  materials: { code: string; name: string; required: boolean; files: PortalFile[] }[];
  timeline: { at: string; step: string; detail?: string }[];
  tasks: {
    itemCode: string;
    itemName: string;
    department: string;
    status: string;
    dueDate: string;
    dueDateProvisional: boolean;
    remainingWorkingDays: number;
    suspended: boolean;
    outcome?: 'approve' | 'deny';
    decidedAt?: string;
  }[];
  corrections: { at: string; step: string; detail?: string }[];
  documents: { kind: string; documentNo: string; issuedAt: string; url: string }[];
  decisions: { id: string; no: string; typeName: string; itemCode: string; status: string; url: string }[];
  serviceEvents: (RatableEvent & { id: string; occurredAt: string; rated: boolean })[];
}

export interface RatingLinkInfo {
  caseNo: string;
  expiresAt: string;
  state: 'open' | 'used' | 'expired';
  events: (RatableEvent & { id: string; occurredAt: string; rated: boolean })[];
}
