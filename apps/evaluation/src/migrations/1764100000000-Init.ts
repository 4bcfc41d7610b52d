import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('evaluation')) await q.query(sql);
    await q.query(`CREATE TABLE evaluation.case_ref (case_no text PRIMARY KEY, window_no text, accepted_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE evaluation.evaluation (
      id uuid PRIMARY KEY, case_no text NOT NULL UNIQUE REFERENCES evaluation.case_ref(case_no),
      level text NOT NULL CHECK (level IN ('very_satisfied','satisfied','basic','dissatisfied','very_dissatisfied')),
      channel text NOT NULL, window_no text, comment text, bad boolean NOT NULL,
      created_by text NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE evaluation.rectification (
      evaluation_id uuid PRIMARY KEY REFERENCES evaluation.evaluation(id), status text NOT NULL, due_at timestamptz NOT NULL, handler text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rectification', 'evaluation', 'case_ref']) await q.query(`DROP TABLE evaluation.${t}`);
    for (const sql of platformTablesDown('evaluation')) await q.query(sql);
  }
}
