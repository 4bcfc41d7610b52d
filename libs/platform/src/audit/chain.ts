import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit trail. Each record carries the hash of the record before it (`prevHash`) and its own
 * `hash` = SHA-256 (hex) of the canonical serialisation of its fields and `prevHash`: a JSON array in a fixed order,
 * strings as they are stored (the time as an ISO instant in UTC, milliseconds). Changing, removing or inserting a
 * record breaks the chain at that point; the verifier (`tools/audit/verify.ts`) finds the first break.
 */
export interface ChainedFields {
  seq: string;
  at: string;
  actor: string;
  roles: string[];
  clientAddress: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  correlationId: string;
  source: string;
  eventId: string;
}

export interface ChainedRecord extends ChainedFields {
  prevHash: string;
  hash: string;
}

/** A row of `admin.audit_record` as `AUDIT_RECORD_COLUMNS` selects it. */
export interface AuditRecordRow {
  seq: string;
  at: Date | string;
  actor: string;
  roles: string[];
  client_address: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string;
  correlation_id: string;
  source: string;
  event_id: string;
  prev_hash: string;
  hash: string;
}

/** The select list that reads an `AuditRecordRow` (seq and event id as text: bigint and uuid kept exact). */
export const AUDIT_RECORD_COLUMNS =
  'seq::text AS seq, at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source, event_id::text AS event_id, prev_hash, hash';

/** A stored row as the chain hashes it (the time as an ISO instant in UTC). */
export function chainedRecordOf(r: AuditRecordRow): ChainedRecord {
  return {
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    roles: r.roles,
    clientAddress: r.client_address,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    correlationId: r.correlation_id,
    source: r.source,
    eventId: r.event_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Where the chain starts: the genesis (nothing pruned yet) or the last record the retention job removed. */
export interface ChainCheckpoint {
  seq: string;
  hash: string;
}

/** The `prevHash` of the first record ever. */
export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS: ChainCheckpoint = { seq: '0', hash: GENESIS_HASH };

/** The canonical serialisation hashed: every field in a fixed order, then the previous hash. */
export function canonicalAuditRecord(r: ChainedFields, prevHash: string): string {
  return JSON.stringify([
    'yc-audit-v1',
    r.seq,
    new Date(r.at).toISOString(),
    r.actor,
    [...r.roles],
    r.clientAddress,
    r.action,
    r.objectType ?? null,
    r.objectId ?? null,
    r.outcome,
    r.correlationId,
    r.source,
    r.eventId.toLowerCase(),
    prevHash,
  ]);
}

export function auditRecordHash(r: ChainedFields, prevHash: string): string {
  return createHash('sha256').update(canonicalAuditRecord(r, prevHash), 'utf8').digest('hex');
}

/** Chain `fields` after `previous`: the record to store. */
export function chainAuditRecord(fields: Omit<ChainedFields, 'seq'>, previous: ChainCheckpoint): ChainedRecord {
  const seq = (BigInt(previous.seq) + 1n).toString();
  const r = { ...fields, seq };
  return { ...r, prevHash: previous.hash, hash: auditRecordHash(r, previous.hash) };
}

export type ChainBreakKind = 'edited' | 'deleted' | 'inserted';

export interface ChainBreak {
  seq: string;
  kind: ChainBreakKind;
  reason: string;
}

export interface ChainVerdict {
  ok: boolean;
  /** records checked */
  count: number;
  /** where the chain starts (the last checkpoint) */
  from: ChainCheckpoint;
  /** the last record checked (the head when ok) */
  head: ChainCheckpoint;
  /** the first break, when not ok */
  broken?: ChainBreak;
}

/**
 * Checks records one at a time, in `seq` order (so a table of any size streams through it). The first break is kept:
 * - `deleted`: a seq is missing (the next record's seq is not the previous + 1), or the first record does not follow
 *   the checkpoint;
 * - `inserted`: the record's `prevHash` is not the stored hash of the record before it — it does not continue the
 *   chain (a record put in, or the one before it replaced);
 * - `edited`: the record's own hash does not match its content.
 */
export class ChainVerifier {
  private expectedSeq: bigint;
  private previousHash: string;
  private count = 0;
  private head: ChainCheckpoint;
  private broken?: ChainBreak;

  constructor(private readonly from: ChainCheckpoint = GENESIS) {
    this.expectedSeq = BigInt(from.seq) + 1n;
    this.previousHash = from.hash;
    this.head = from;
  }

  /** Check the next record; false once the chain is broken (the rest need not be read). */
  next(r: ChainedRecord): boolean {
    if (this.broken) return false;
    const seq = BigInt(r.seq);
    this.count++;
    if (seq !== this.expectedSeq) {
      this.broken =
        seq > this.expectedSeq
          ? {
              seq: this.expectedSeq.toString(),
              kind: 'deleted',
              reason: seq - this.expectedSeq === 1n ? `seq ${this.expectedSeq} is missing` : `seq ${this.expectedSeq}…${seq - 1n} are missing`,
            }
          : { seq: r.seq, kind: 'inserted', reason: `seq ${r.seq} appears again after seq ${this.expectedSeq - 1n}` };
      return false;
    }
    if (r.prevHash !== this.previousHash) {
      this.broken = {
        seq: r.seq,
        kind: 'inserted',
        reason: `its prev_hash is not the hash of seq ${seq - 1n}: it does not continue the chain (a record was inserted here, or seq ${seq - 1n} replaced)`,
      };
      return false;
    }
    const recomputed = auditRecordHash(r, r.prevHash);
    if (recomputed !== r.hash) {
      this.broken = { seq: r.seq, kind: 'edited', reason: 'its content does not match its hash (changed after it was written)' };
      return false;
    }
    this.expectedSeq = seq + 1n;
    this.previousHash = r.hash;
    this.head = { seq: r.seq, hash: r.hash };
    return true;
  }

  verdict(): ChainVerdict {
    return { ok: !this.broken, count: this.count, from: this.from, head: this.head, ...(this.broken ? { broken: this.broken } : {}) };
  }
}

/** Verify a whole list (tests, small chains). */
export function verifyAuditChain(records: Iterable<ChainedRecord>, from: ChainCheckpoint = GENESIS): ChainVerdict {
  const v = new ChainVerifier(from);
  for (const r of records) if (!v.next(r)) break;
  return v.verdict();
}
