import type { DataSource } from 'typeorm';
import type { RatingFactView, RatingLevel, ServiceEventKind } from '@yichuang/contracts';

/** A `rating_fact` row: one rating of a service event (or, first version, of the case). */
export interface RatingRow {
  case_no: string;
  level: RatingLevel;
  channel: string;
  submitted_at: Date;
  kind: ServiceEventKind | null;
  window_no: string | null;
  staff: string | null;
  department_code: string | null;
  item_code: string | null;
  defaulted: boolean;
}

/** The ratings of some cases, oldest first per case. */
export function ratingsOfCases(ds: DataSource, caseNos: string[]): Promise<RatingRow[]> {
  return ds.query(`SELECT * FROM rating_fact WHERE case_no = ANY($1) ORDER BY case_no, submitted_at, evaluation_id`, [caseNos]) as Promise<RatingRow[]>;
}

/** A case's ratings as the views show them: every one (oldest first), and the first as `rating`. */
export function caseRatings(rows: RatingRow[], caseNo: string): { rating: { level: RatingLevel; channel: string; submittedAt: string } | null; ratings: RatingFactView[] } {
  const ratings = rows.filter((r) => r.case_no === caseNo).map(ratingView);
  const first = ratings[0];
  return { rating: first ? { level: first.level, channel: first.channel, submittedAt: first.submittedAt } : null, ratings };
}

function ratingView(r: RatingRow): RatingFactView {
  return {
    level: r.level,
    channel: r.channel,
    submittedAt: new Date(r.submitted_at).toISOString(),
    kind: r.kind,
    windowNo: r.window_no,
    staff: r.staff,
    departmentCode: r.department_code,
    itemCode: r.item_code,
    defaulted: r.defaulted,
  };
}
