/**
 * Verifies the audit trail's hash chain (admin.audit_record, apps/admin/src/audit): recomputes every record's hash
 * from its content and the previous record's hash, from the last retention checkpoint (or the genesis) on, and
 * reports either OK with the count, or the first broken seq and why — `edited` (a record's content does not match its
 * hash), `deleted` (a seq is missing) or `inserted` (a record does not continue the chain).
 *
 *   DATABASE_URL=postgres://… node dist/tools/audit/verify.js [--json]
 *
 * Exit code 0: intact; 1: broken; 2: could not check (no DATABASE_URL, no such table, connection refused).
 * Read-only; any role that may SELECT admin.audit_record and admin.audit_checkpoint will do.
 */
import pg from 'pg';
import { AUDIT_RECORD_COLUMNS, ChainVerifier, chainedRecordOf, GENESIS, type AuditRecordRow, type ChainCheckpoint, type ChainVerdict } from '@yichuang/platform';
import { verifyConfig } from './config.js';

const PAGE = 5000;

/** The chain in `db`, checked page by page in seq order (any size: never more than one page in memory). */
export async function verifyAuditTrail(db: pg.Client): Promise<ChainVerdict> {
  const checkpoints = await db.query<ChainCheckpoint>(`SELECT seq::text AS seq, hash FROM admin.audit_checkpoint c ORDER BY c.seq DESC LIMIT 1`);
  const from = checkpoints.rows[0] ?? GENESIS;
  const verifier = new ChainVerifier(from);
  // every record after the checkpoint, a page at a time
  let after = from.seq;
  for (;;) {
    const page = await db.query<AuditRecordRow>(
      `SELECT ${AUDIT_RECORD_COLUMNS} FROM admin.audit_record r WHERE r.seq > $1::bigint ORDER BY r.seq LIMIT ${PAGE}`,
      [after],
    );
    for (const r of page.rows) if (!verifier.next(chainedRecordOf(r))) return verifier.verdict();
    const last = page.rows[page.rows.length - 1];
    if (!last || page.rows.length < PAGE) break;
    after = last.seq;
  }
  return verifier.verdict();
}

function describe(v: ChainVerdict): string {
  const start = v.from.seq === '0' ? 'from the genesis' : `from checkpoint seq ${v.from.seq}`;
  if (v.ok) return `audit chain OK: ${v.count} record(s) ${start}${v.count ? `, head seq ${v.head.seq} ${v.head.hash}` : ''}`;
  return `audit chain BROKEN at seq ${v.broken?.seq}: ${v.broken?.kind} — ${v.broken?.reason} (${v.count} record(s) read ${start})`;
}

async function main(): Promise<number> {
  const url = verifyConfig.databaseUrl;
  const json = process.argv.includes('--json');
  if (!url) {
    console.error('verify: set DATABASE_URL (the database holding the admin schema)');
    return 2;
  }
  const db = new pg.Client({ connectionString: url });
  try {
    await db.connect();
    const verdict = await verifyAuditTrail(db);
    console.log(json ? JSON.stringify(verdict) : describe(verdict));
    return verdict.ok ? 0 : 1;
  } catch (err) {
    console.error(`verify: could not check the audit chain: ${(err as Error).message}`);
    return 2;
  } finally {
    await db.end().catch(() => undefined);
  }
}

process.exitCode = await main();
