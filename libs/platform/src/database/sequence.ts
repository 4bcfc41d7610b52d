import type { EntityManager } from 'typeorm';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * The next value of a gap-free counter (case numbers, certificate numbers): a row per key in `table`
 * (`<key columns>…, last_value int`), incremented inside the caller's transaction. A rollback gives the
 * number back, and concurrent callers queue on the row, so numbers have no gaps and no repeats —
 * unlike a PostgreSQL SEQUENCE, which is not transactional.
 */
export async function nextGapFree(tx: EntityManager, table: string, key: Record<string, string | number>): Promise<number> {
  const columns = Object.keys(key);
  for (const c of [table, ...columns]) if (!IDENT.test(c)) throw new Error(`not an identifier: ${c}`);
  const params = columns.map((_, i) => `$${i + 1}`).join(', ');
  const [row] = (await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')}, last_value) VALUES (${params}, 1)
     ON CONFLICT (${columns.join(', ')}) DO UPDATE SET last_value = ${table}.last_value + 1 RETURNING last_value`,
    Object.values(key),
  )) as { last_value: number }[];
  if (!row) throw new Error(`counter ${table} gave no value`);
  return row.last_value;
}
