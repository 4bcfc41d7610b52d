/**
 * The workflow-engine peer of the whole-case benchmark (issue 15): the same case as a team might build it on a general
 * workflow engine instead — `bpmn-engine` 25 in ONE Node process, the case a BPMN process (acceptance, two parallel
 * department reviews as user tasks, issuance writing the certificates and the SMS row, hand-over and rating as user
 * tasks), its state saved to PostgreSQL at every wait, behind a small JSON HTTP API the benchmark's clients call as
 * they call the gateway. No outbox, no audit trail, no read models, no personal-data sealing: what such a first
 * version would have. Started by tools/bench/lifecycle.ts:
 *
 *   node dist/tools/bench/workflow-peer.js --port N --database postgres://…
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import pg from 'pg';

const SOURCE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="yichuang-peer" targetNamespace="http://yichuang.example/bench">
  <process id="wholeCase" isExecutable="true">
    <startEvent id="start" />
    <serviceTask id="accept" implementation="\${environment.services.accept}" />
    <parallelGateway id="fork" />
    <userTask id="review_ZRZY" />
    <userTask id="review_FGW" />
    <parallelGateway id="join" />
    <serviceTask id="issue" implementation="\${environment.services.issue}" />
    <userTask id="handover" />
    <userTask id="rating" />
    <serviceTask id="close" implementation="\${environment.services.close}" />
    <endEvent id="end" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
    <sequenceFlow id="f2" sourceRef="accept" targetRef="fork" />
    <sequenceFlow id="f3" sourceRef="fork" targetRef="review_ZRZY" />
    <sequenceFlow id="f4" sourceRef="fork" targetRef="review_FGW" />
    <sequenceFlow id="f5" sourceRef="review_ZRZY" targetRef="join" />
    <sequenceFlow id="f6" sourceRef="review_FGW" targetRef="join" />
    <sequenceFlow id="f7" sourceRef="join" targetRef="issue" />
    <sequenceFlow id="f8" sourceRef="issue" targetRef="handover" />
    <sequenceFlow id="f9" sourceRef="handover" targetRef="rating" />
    <sequenceFlow id="f10" sourceRef="rating" targetRef="close" />
    <sequenceFlow id="f11" sourceRef="close" targetRef="end" />
  </process>
</definitions>`;

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const database = args.get('database');
if (!database) throw new Error('--database postgres://… is required');

const pool = new pg.Pool({ connectionString: database, max: 20 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS peer;
  CREATE TABLE IF NOT EXISTS peer.application (id uuid PRIMARY KEY, data jsonb NOT NULL, status text NOT NULL);
  CREATE TABLE IF NOT EXISTS peer.case_file (case_no text PRIMARY KEY, application_id uuid NOT NULL, status text NOT NULL);
  CREATE TABLE IF NOT EXISTS peer.task (id text PRIMARY KEY, case_no text NOT NULL, department text NOT NULL, claimed_by text, outcome text);
  CREATE TABLE IF NOT EXISTS peer.certificate (id uuid PRIMARY KEY, case_no text NOT NULL, item text NOT NULL, collected boolean NOT NULL DEFAULT false);
  CREATE TABLE IF NOT EXISTS peer.sms (id uuid PRIMARY KEY, case_no text NOT NULL, text text NOT NULL);
  CREATE TABLE IF NOT EXISTS peer.rating (case_no text PRIMARY KEY, level text NOT NULL);
  CREATE TABLE IF NOT EXISTS peer.process_state (case_no text PRIMARY KEY, state jsonb NOT NULL);
  CREATE SEQUENCE IF NOT EXISTS peer.case_seq;`);

type Done = () => void;
interface Running {
  engine: Engine;
  /** the user tasks waiting */
  waiting: Set<string>;
  /** who waits for the process to reach its next wait (or its end) */
  next: Done[];
}
const cases = new Map<string, Running>();

const services = {
  accept(scope: { environment: { variables: { caseNo: string; applicationId: string } } }, done: (err?: Error | null) => void) {
    const v = scope.environment.variables;
    pool
      .query(
        `WITH a AS (UPDATE peer.application SET status = 'accepted' WHERE id = $2)
         INSERT INTO peer.case_file (case_no, application_id, status) VALUES ($1, $2, 'in_review')`,
        [v.caseNo, v.applicationId],
      )
      .then(() => pool.query(`INSERT INTO peer.task (id, case_no, department) VALUES ($1, $3, 'ZRZY'), ($2, $3, 'FGW')`, [`${v.caseNo}:review_ZRZY`, `${v.caseNo}:review_FGW`, v.caseNo]))
      .then(() => done(null), done);
  },
  issue(scope: { environment: { variables: { caseNo: string } } }, done: (err?: Error | null) => void) {
    const c = scope.environment.variables.caseNo;
    pool
      .query(
        `WITH cert AS (INSERT INTO peer.certificate (id, case_no, item) VALUES ($2, $1, 'ZRZY-001'), ($3, $1, 'FGW-002')),
              sms AS (INSERT INTO peer.sms (id, case_no, text) VALUES ($4, $1, '您的办件已办结，请到综合窗口领取结果。'))
         UPDATE peer.case_file SET status = 'ready_for_delivery' WHERE case_no = $1`,
        [c, randomUUID(), randomUUID(), randomUUID()],
      )
      .then(() => done(null), done);
  },
  close(scope: { environment: { variables: { caseNo: string } } }, done: (err?: Error | null) => void) {
    pool.query(`UPDATE peer.case_file SET status = 'closed' WHERE case_no = $1`, [scope.environment.variables.caseNo]).then(() => done(null), done);
  },
};

/** the process's state to PostgreSQL, as at every wait */
async function save(caseNo: string, r: Running): Promise<void> {
  await pool.query(`INSERT INTO peer.process_state (case_no, state) VALUES ($1, $2) ON CONFLICT (case_no) DO UPDATE SET state = EXCLUDED.state`, [caseNo, JSON.stringify(await r.engine.getState())]);
}

function settle(caseNo: string, r: Running): void {
  void save(caseNo, r).then(() => {
    for (const d of r.next.splice(0)) d();
  });
}

async function start(caseNo: string, applicationId: string): Promise<void> {
  const listener = new EventEmitter();
  const engine = new Engine({ name: caseNo, source: SOURCE, services });
  const r: Running = { engine, waiting: new Set(), next: [] };
  cases.set(caseNo, r);
  const reached = new Promise<void>((resolve) => r.next.push(resolve));
  let forks = 0;
  listener.on('activity.wait', (api: { id: string }) => {
    r.waiting.add(api.id);
    // the two reviews wait side by side: the acceptance is done when both do
    if (api.id.startsWith('review_') && ++forks < 2) return;
    settle(caseNo, r);
  });
  listener.on('activity.end', (api: { id: string }) => r.waiting.delete(api.id));
  engine.once('end', () => {
    settle(caseNo, r);
    setTimeout(() => cases.delete(caseNo), 1000).unref();
  });
  await engine.execute({ listener, variables: { caseNo, applicationId } });
  await reached;
}

/** signal a waiting user task; answered when the process waits again (or, a review with the other still open, at once) */
async function signal(caseNo: string, activity: string): Promise<void> {
  const r = cases.get(caseNo);
  if (!r || !r.waiting.has(activity)) throw Object.assign(new Error(`${activity} is not waiting`), { status: 409 });
  const otherReview = activity.startsWith('review_') && [...r.waiting].some((a) => a.startsWith('review_') && a !== activity);
  const reached = otherReview ? undefined : new Promise<void>((resolve) => r.next.push(resolve));
  r.engine.execution?.signal({ id: activity });
  if (reached) await reached;
  else await save(caseNo, r);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = req.url ?? '/';
    const m = (re: RegExp) => re.exec(url);
    void (async () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      let x: RegExpExecArray | null;
      if (req.method === 'POST' && url === '/applications') {
        const id = randomUUID();
        await pool.query(`INSERT INTO peer.application (id, data, status) VALUES ($1, $2, 'submitted')`, [id, JSON.stringify(body)]);
        return send(201, { id });
      }
      if (req.method === 'POST' && (x = m(/^\/applications\/([^/]+)\/precheck$/))) {
        await pool.query(`UPDATE peer.application SET status = 'complete' WHERE id = $1`, [x[1]]);
        return send(200, { status: 'complete', problems: [] });
      }
      if (req.method === 'POST' && (x = m(/^\/applications\/([^/]+)\/accept$/))) {
        const { rows } = await pool.query<{ n: string }>(`SELECT nextval('peer.case_seq') AS n`);
        const caseNo = `PEER-${rows[0]?.n}`;
        await start(caseNo, x[1] ?? '');
        return send(201, { caseNo });
      }
      if (req.method === 'GET' && (x = m(/^\/cases\/([^/]+)\/tasks$/))) {
        const r = cases.get(x[1] ?? '');
        return send(200, [...(r?.waiting ?? [])].filter((a) => a.startsWith('review_')).map((a) => ({ id: `${x?.[1]}:${a}`, department: a.slice('review_'.length) })));
      }
      if (req.method === 'POST' && (x = m(/^\/tasks\/([^/]+):(review_[A-Z]+)\/(claim|decide)$/))) {
        const [, caseNo = '', activity = '', action] = x;
        if (action === 'claim') {
          await pool.query(`UPDATE peer.task SET claimed_by = 'bench' WHERE id = $1`, [`${caseNo}:${activity}`]);
          return send(200, { ok: true });
        }
        await pool.query(`UPDATE peer.task SET outcome = $2 WHERE id = $1`, [`${caseNo}:${activity}`, String(body['outcome'] ?? 'approve')]);
        await signal(caseNo, activity);
        return send(200, { ok: true });
      }
      if (req.method === 'GET' && (x = m(/^\/cases\/([^/]+)$/))) {
        const { rows } = await pool.query<{ id: string }>(`SELECT id FROM peer.certificate WHERE case_no = $1`, [x[1]]);
        return send(200, { caseNo: x[1], certificates: rows });
      }
      if (req.method === 'POST' && (x = m(/^\/cases\/([^/]+)\/handover$/))) {
        await pool.query(`UPDATE peer.certificate SET collected = true WHERE case_no = $1`, [x[1]]);
        await signal(x[1] ?? '', 'handover');
        return send(200, { ok: true });
      }
      if (req.method === 'POST' && (x = m(/^\/cases\/([^/]+)\/rating$/))) {
        await pool.query(`INSERT INTO peer.rating (case_no, level) VALUES ($1, $2)`, [x[1], String(body['level'] ?? 'very_satisfied')]);
        await signal(x[1] ?? '', 'rating');
        return send(200, { ok: true });
      }
      send(404, { error: 'not found' });
    })().catch((err: Error & { status?: number }) => send(err instanceof SyntaxError ? 400 : (err.status ?? 500), { error: err.message }));
  });
});
server.listen(Number(args.get('port') ?? 0), '127.0.0.1', () => process.stdout.write('peer ready\n'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
