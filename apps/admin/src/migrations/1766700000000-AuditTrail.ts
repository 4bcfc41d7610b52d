import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (issue 11, GB/T 22239 §8.1.4.3): an append-only, hash-chained log of every state-changing request
 * of every service (apps/admin/src/audit). `seq` is gapless; each record carries the hash of the one before it.
 * UPDATE, DELETE and TRUNCATE are refused by triggers (and revoked from the service's own role); only the retention
 * job may delete, from the head of the chain, and it records a checkpoint (the last pruned seq and hash) so that the
 * rest still verifies. Checkpoints themselves are append-only.
 */
export class AuditTrail1766700000000 implements MigrationInterface {
  name = 'AuditTrail1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE admin.audit_record (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      roles text[] NOT NULL,
      client_address text NOT NULL,
      action text NOT NULL,
      object_type text,
      object_id text,
      outcome text NOT NULL,
      correlation_id text NOT NULL,
      source text NOT NULL,
      event_id uuid NOT NULL UNIQUE,
      prev_hash text NOT NULL,
      hash text NOT NULL)`);
    await q.query(`CREATE INDEX audit_record_actor ON admin.audit_record (actor, seq)`);
    await q.query(`CREATE INDEX audit_record_object ON admin.audit_record (object_id, seq) WHERE object_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_record_at ON admin.audit_record (at)`);
    await q.query(`CREATE TABLE admin.audit_checkpoint (
      seq bigint PRIMARY KEY,
      hash text NOT NULL,
      at timestamptz NOT NULL,
      pruned int NOT NULL,
      pruned_at timestamptz NOT NULL)`);
    await q.query(`CREATE FUNCTION admin.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_record' AND current_setting('yc.audit_retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'admin.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_record', 'audit_checkpoint']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON admin.${table} FOR EACH ROW EXECUTE FUNCTION admin.audit_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON admin.${table} FOR EACH STATEMENT EXECUTE FUNCTION admin.audit_append_only()`);
    }
    // the service's own role (it owns the tables) keeps INSERT and SELECT, and DELETE on records for the retention job
    await q.query(`REVOKE UPDATE, TRUNCATE ON admin.audit_record FROM CURRENT_USER`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON admin.audit_checkpoint FROM CURRENT_USER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.audit_checkpoint`);
    await q.query(`DROP TABLE admin.audit_record`);
    await q.query(`DROP FUNCTION admin.audit_append_only()`);
  }
}
