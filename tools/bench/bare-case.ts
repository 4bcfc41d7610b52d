/**
 * The bare baseline of the whole-case benchmark (tools/bench/lifecycle.ts): the floor of the design's request path
 * with no business in it — an HTTP server (node:http) that hands every request over NATS request-reply to a
 * responder, which writes one row in one PostgreSQL transaction and answers; both in this one process. The benchmark
 * makes as many calls of it per case as a whole case makes of the gateway.
 *
 *   node dist/tools/bench/bare-case.js --port 0 --database postgres://…
 *
 * Prints "bare ready" when it listens.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const PORT = Number(args.get('port') ?? 0);
const DATABASE_URL = String(args.get('database'));
const NATS_URL = String(args.get('nats'));

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS bare; CREATE TABLE IF NOT EXISTS bare.call (id uuid PRIMARY KEY, path text NOT NULL, body jsonb, at timestamptz NOT NULL DEFAULT now())`);
const server = await connect({ servers: NATS_URL, name: 'bare responder' });
const client = await connect({ servers: NATS_URL, name: 'bare gateway' });

server.subscribe('bare.call', {
  queue: 'bare',
  callback: (_e, m) => {
    void (async () => {
      const { path, body } = m.json<{ path: string; body: unknown }>();
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const id = randomUUID();
        await c.query(`INSERT INTO bare.call (id, path, body) VALUES ($1, $2, $3)`, [id, path, JSON.stringify(body ?? null)]);
        await c.query('COMMIT');
        m.respond(JSON.stringify({ id }));
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        m.respond(JSON.stringify({ error: (err as Error).message }));
      } finally {
        c.release();
      }
    })();
  },
});

const listener = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const text = Buffer.concat(chunks).toString();
        const body: unknown = text ? JSON.parse(text) : null;
        const reply = await client.request('bare.call', JSON.stringify({ path: req.url, body }), { timeout: 10_000 });
        res.writeHead(200, { 'content-type': 'application/json' }).end(reply.data);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (err as Error).message }));
      }
    })();
  });
});
listener.listen(PORT, '127.0.0.1', () => {
  const a = listener.address();
  process.stdout.write(`bare ready on ${typeof a === 'object' && a ? a.port : PORT}\n`);
});
process.on('SIGTERM', () => {
  listener.close();
  void Promise.all([server.close(), client.close(), pool.end()]).finally(() => process.exit(0));
});
