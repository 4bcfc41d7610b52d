import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('certificate')) await q.query(sql);
    await q.query(`CREATE TABLE certificate.number_sequence (doc_type text NOT NULL, year int NOT NULL, last_value int NOT NULL, PRIMARY KEY (doc_type, year))`);
    await q.query(`CREATE TABLE certificate.certificate (
      id uuid PRIMARY KEY, case_no text NOT NULL, item_code text NOT NULL, item_name text NOT NULL,
      type text NOT NULL, type_name text NOT NULL, holder_name text NOT NULL, holder_id_number text NOT NULL,
      no text NOT NULL UNIQUE, verify_code text NOT NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('issued','collected','mailed')),
      issued_at timestamptz NOT NULL, collected_at timestamptz, collector_name text, collector_id_number text, collected_by text,
      UNIQUE (case_no, item_code))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate.certificate`);
    await q.query(`DROP TABLE certificate.number_sequence`);
    for (const sql of platformTablesDown('certificate')) await q.query(sql);
  }
}
