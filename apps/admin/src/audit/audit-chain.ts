import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditFactV1 } from '@yichuang/contracts';
import { chainAuditRecord, GENESIS, type AuditSink, type ChainCheckpoint, type ChainedRecord } from '@yichuang/platform';

/** Advisory-lock key of the chain: one append (or prune) at a time, so the chain stays linear and `seq` gapless. */
export const AUDIT_CHAIN_LOCK = 7_366_011;

export interface AuditFactToAppend {
  fact: AuditFactV1;
  eventId: string;
  /** the service that recorded it */
  source: string;
}

/** The head of the chain: its last record, else the last checkpoint (everything pruned), else the genesis. */
export async function chainHead(m: EntityManager | DataSource): Promise<ChainCheckpoint> {
  const rows: ChainCheckpoint[] = await m.query(
    `SELECT seq::text AS seq, hash FROM (
       (SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1)
       UNION ALL
       (SELECT seq, hash FROM audit_checkpoint ORDER BY seq DESC LIMIT 1)) h
     ORDER BY h.seq DESC LIMIT 1`,
  );
  return rows[0] ?? GENESIS;
}

/** The head each transaction holding the chain's lock has written last: later appends in it skip the lock and the read. */
const headOfTransaction = new WeakMap<object, ChainCheckpoint>();

/**
 * Appends facts to `admin.audit_record` in the caller's transaction, under the chain's advisory lock: each record
 * gets the next seq and the hash of the one before it (libs/platform/src/audit/chain.ts). A fact id given twice in
 * one call is appended once.
 */
export async function appendAuditFacts(tx: EntityManager, facts: AuditFactToAppend[]): Promise<ChainedRecord[]> {
  if (facts.length === 0) return [];
  const qr = tx.queryRunner;
  let previous = qr?.isTransactionActive ? headOfTransaction.get(qr) : undefined;
  if (!previous) {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_CHAIN_LOCK]);
    previous = await chainHead(tx);
  }
  // a repeated event never gets here (the consumers' inbox, in this transaction); the unique event_id is the backstop
  const skip = new Set<string>();
  const records: ChainedRecord[] = [];
  for (const { fact, eventId, source } of facts) {
    const id = eventId.toLowerCase();
    if (skip.has(id)) continue;
    skip.add(id);
    const r = chainAuditRecord(
      {
        at: new Date(fact.at).toISOString(),
        actor: fact.actor,
        roles: fact.roles,
        clientAddress: fact.clientAddress,
        action: fact.action,
        objectType: fact.objectType ?? null,
        objectId: fact.objectId ?? null,
        outcome: fact.outcome,
        correlationId: fact.correlationId,
        source,
        eventId: id,
      },
      previous,
    );
    records.push(r);
    previous = { seq: r.seq, hash: r.hash };
  }
  if (records.length === 0) return [];
  await tx.query(
    `INSERT INTO audit_record (seq, at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source, event_id, prev_hash, hash)
     SELECT x.seq, x.at, x.actor, ARRAY(SELECT jsonb_array_elements_text(x.roles)), x.client_address, x.action, x.object_type, x.object_id,
            x.outcome, x.correlation_id, x.source, x.event_id, x.prev_hash, x.hash
     FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                 $11::text[], $12::uuid[], $13::text[], $14::text[])
       AS x(seq, at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source, event_id, prev_hash, hash)`,
    [
      records.map((r) => r.seq),
      records.map((r) => r.at),
      records.map((r) => r.actor),
      records.map((r) => JSON.stringify(r.roles)),
      records.map((r) => r.clientAddress),
      records.map((r) => r.action),
      records.map((r) => r.objectType),
      records.map((r) => r.objectId),
      records.map((r) => r.outcome),
      records.map((r) => r.correlationId),
      records.map((r) => r.source),
      records.map((r) => r.eventId),
      records.map((r) => r.prevHash),
      records.map((r) => r.hash),
    ],
  );
  if (qr?.isTransactionActive) headOfTransaction.set(qr, previous);
  return records;
}

/** Admin's own requests (logins, accounts, catalogue, calendar) go straight into the chain, in a transaction of their own. */
@Injectable()
export class AdminAuditSink implements AuditSink {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async write(fact: AuditFactV1, eventId: string): Promise<void> {
    await this.ds.transaction((tx) => appendAuditFacts(tx, [{ fact, eventId, source: 'admin' }]));
  }
}
