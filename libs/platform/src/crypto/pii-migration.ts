import type { QueryRunner } from 'typeorm';
import { piiCipher, sealPii } from './pii.js';

/*
 * Helpers of the migrations that move identity numbers already stored in clear to their sealed form, with the
 * service's key set (PII_KEYS): row by row in the migration's transaction, touching only rows that hold a number.
 */

/** Rewrites a jsonb column with `sealPii` where it holds anything shaped like a resident ID number. */
export async function sealJsonColumn(q: QueryRunner, table: string, column: string, key: string[]): Promise<number> {
  const rows = (await q.query(`SELECT ${key.map((k) => `${k}::text AS "${k}"`).join(', ')}, ${column}::text AS v FROM ${table} WHERE ${column}::text ~ '[0-9]{17}[0-9Xx]'`)) as Record<string, string>[];
  let changed = 0;
  for (const r of rows) {
    const before = r['v'] as string;
    const after = JSON.stringify(sealPii(JSON.parse(before)));
    if (after === JSON.stringify(JSON.parse(before))) continue;
    await q.query(`UPDATE ${table} SET ${column} = $1::jsonb WHERE ${key.map((k, i) => `${k}::text = $${i + 2}`).join(' AND ')}`, [after, ...key.map((k) => r[k])]);
    changed++;
  }
  return changed;
}

/**
 * Fills `sealedColumn` (the value encrypted) and `hmacColumn` (its lookup hash) from the clear `clearColumn` of
 * every row that has one; the caller drops the clear column afterwards.
 */
export async function sealTextColumn(q: QueryRunner, table: string, clearColumn: string, sealedColumn: string, hmacColumn: string, key = 'id'): Promise<number> {
  const rows = (await q.query(`SELECT ${key}::text AS k, ${clearColumn} AS v FROM ${table} WHERE ${clearColumn} IS NOT NULL`)) as { k: string; v: string }[];
  const cipher = piiCipher();
  for (const r of rows) {
    const plain = r.v.trim().toUpperCase();
    await q.query(`UPDATE ${table} SET ${sealedColumn} = $1, ${hmacColumn} = $2 WHERE ${key}::text = $3`, [cipher.encrypt(plain), cipher.hmac(plain), r.k]);
  }
  return rows.length;
}
