/**
 * Where a benchmark's time goes (issue 15, point 2), measured beside the loop rather than guessed:
 * - the statements PostgreSQL ran, per case, by service (each service connects as its own role) and the costliest
 *   statements — from `pg_stat_statements`, which needs the server started with it preloaded (the benchmarks start an
 *   embedded PostgreSQL of their own for that with `--analyse`);
 * - the messages NATS carried, per case, by kind of subject — one extra connection subscribed to everything.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';

/** the server settings the statements probe needs */
export const STATEMENT_SETTINGS = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.max': '10000' };

export async function statementsProbe(databaseUrl: string): Promise<{ reset(): Promise<void>; report(cases: number): Promise<string> }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const database = (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d;
  return {
    reset: async () => {
      await db.query('SELECT pg_stat_statements_reset()');
    },
    report: async (cases: number) => {
      const byRole = await db.query<{ role: string; calls: string; ms: string; rows: string }>(
        `SELECT r.rolname AS role, sum(s.calls) AS calls, sum(s.total_exec_time) AS ms, sum(s.rows) AS rows
           FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'
          GROUP BY r.rolname ORDER BY sum(s.total_exec_time) DESC`,
        [database],
      );
      // the statements of this database (the probe's own left out), by an order
      const statements = async (orderBy: 's.calls' | 's.total_exec_time', limit: number) =>
        (
          await db.query<{ role: string; calls: string; ms: string; query: string }>(
            `SELECT r.rolname AS role, s.calls, s.total_exec_time AS ms, s.query
               FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid
              WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'
              ORDER BY ${orderBy} DESC LIMIT ${limit}`,
            [database],
          )
        ).rows;
      const top = await statements('s.calls', 40);
      const slow = await statements('s.total_exec_time', 15);
      const n = Math.max(1, cases);
      const total = byRole.rows.reduce((a, r) => a + Number(r.calls), 0);
      const totalMs = byRole.rows.reduce((a, r) => a + Number(r.ms), 0);
      const line = (r: { role: string; calls: string; ms: string; query: string }) =>
        `  ${(Number(r.calls) / n).toFixed(2).padStart(7)}  ${r.role.padEnd(20)}${(Number(r.ms) / n).toFixed(2).padStart(7)}  ${r.query.replace(/\s+/g, ' ').slice(0, 150)}`;
      const lines = [
        `statements per case (pg_stat_statements): ${(total / n).toFixed(1)} statements, ${(totalMs / n).toFixed(1)} ms executing`,
        ...byRole.rows.map((r) => `  ${r.role.padEnd(22)}${(Number(r.calls) / n).toFixed(1).padStart(8)} statements${(Number(r.ms) / n).toFixed(2).padStart(9)} ms`),
        `the most frequent statements (per case, role, ms per case, text):`,
        ...top.map(line),
        `the statements longest in execution, lock waits included (per case, role, ms per case, text):`,
        ...slow.map(line),
      ];
      await db.end();
      return lines.join('\n');
    },
  };
}

/** a subject with its ids taken out, so that one kind of message is one line */
export function subjectKind(subject: string): string {
  if (subject.startsWith('_INBOX.')) return '_INBOX.* (replies: RPC answers, pulled events, acks of publishes)';
  if (subject.startsWith('$JS.ACK.')) return subject.split('.').slice(0, 4).join('.') + '.* (acks of deliveries)';
  return subject
    .split('.')
    .map((t) => (/\d/.test(t) && t.length > 6 ? '*' : t))
    .join('.');
}

export async function messageProbe(natsUrl: string): Promise<{ start(): void; report(cases: number): Promise<string> }> {
  const nc: NatsConnection = await connect({ servers: natsUrl, name: 'bench message probe' });
  const counts = new Map<string, { n: number; bytes: number }>();
  let counting = false;
  nc.subscribe('>', {
    callback: (_e, m) => {
      if (!counting) return;
      const k = subjectKind(m.subject);
      const c = counts.get(k) ?? { n: 0, bytes: 0 };
      c.n++;
      c.bytes += m.data.length;
      counts.set(k, c);
    },
  });
  await nc.flush();
  return {
    start: () => {
      counting = true;
    },
    report: async (cases: number) => {
      counting = false;
      await nc.close();
      const n = Math.max(1, cases);
      const rows = [...counts].sort((a, b) => b[1].n - a[1].n);
      const total = rows.reduce((a, [, c]) => a + c.n, 0);
      return [
        `NATS messages per case: ${(total / n).toFixed(1)}`,
        ...rows.slice(0, 40).map(([k, c]) => `  ${(c.n / n).toFixed(2).padStart(7)}  ${String(Math.round(c.bytes / c.n)).padStart(6)} B  ${k}`),
      ].join('\n');
    },
  };
}
