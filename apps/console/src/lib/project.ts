/**
 * 项目代码核验 at the window: what the 投资项目在线审批监管平台's answer fills into the application form. Only empty
 * fields are filled (never what the clerk typed); the owner (项目单位) becomes the applicant only for an enterprise.
 */
import type { ProjectLookup } from '../api/views';

export interface ProjectFields {
  applicantKind?: 'enterprise' | 'person';
  applicantName?: string;
  projectName?: string;
  projectLocation?: string;
}

/** the fields to set from a lookup, and how the window shows its message (`success` found, `warning` otherwise) */
export function projectFill(lookup: ProjectLookup, current: ProjectFields): { fill: ProjectFields; tone: 'success' | 'warning' | 'info' } {
  if (lookup.check !== 'found' || !lookup.project) return { fill: {}, tone: lookup.check === 'unknown' ? 'warning' : 'info' };
  const empty = (v: string | undefined) => !v || !v.trim();
  const p = lookup.project;
  const fill: ProjectFields = {};
  if (empty(current.projectName)) fill.projectName = p.name;
  if (empty(current.projectLocation)) fill.projectLocation = p.location;
  if (current.applicantKind !== 'person' && empty(current.applicantName)) fill.applicantName = p.owner;
  return { fill, tone: 'success' };
}
