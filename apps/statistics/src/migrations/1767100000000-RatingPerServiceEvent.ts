import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 一次一评: a case has a rating per service event (受理, each 审批, 领证), each attributed to its own window, staff
 * member, department and item (evaluation.submitted carries them since issue 14). The one-rating-per-case constraint
 * goes; ratings this read model dropped under it come back with a rebuild (`POST /api/v1/statistics/rebuild`).
 */
export class RatingPerServiceEvent1767100000000 implements MigrationInterface {
  name = 'RatingPerServiceEvent1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE statistics.rating_fact DROP CONSTRAINT rating_fact_case_no_key`);
    await q.query(`ALTER TABLE statistics.rating_fact ADD COLUMN kind text, ADD COLUMN window_no text, ADD COLUMN staff text,
      ADD COLUMN department_code text, ADD COLUMN item_code text, ADD COLUMN defaulted boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX rating_fact_case ON statistics.rating_fact (case_no, submitted_at)`);
    await q.query(`CREATE INDEX rating_fact_submitted ON statistics.rating_fact (submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX statistics.rating_fact_submitted`);
    await q.query(`DROP INDEX statistics.rating_fact_case`);
    await q.query(`DELETE FROM statistics.rating_fact r USING statistics.rating_fact o WHERE r.case_no = o.case_no AND (r.submitted_at, r.evaluation_id) > (o.submitted_at, o.evaluation_id)`);
    await q.query(`ALTER TABLE statistics.rating_fact DROP COLUMN kind, DROP COLUMN window_no, DROP COLUMN staff, DROP COLUMN department_code, DROP COLUMN item_code, DROP COLUMN defaulted`);
    await q.query(`ALTER TABLE statistics.rating_fact ADD CONSTRAINT rating_fact_case_no_key UNIQUE (case_no)`);
  }
}
