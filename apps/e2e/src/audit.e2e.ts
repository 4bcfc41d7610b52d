/**
 * The audit trail end to end (issue 11, item 5): logins (a failed one too) and state-changing requests through the
 * gateway are recorded by the services that answered them, appended by admin to one hash chain, shown to the
 * supervisor with who, roles, address, action, object, outcome and correlation id, and `tools/audit/verify` finds
 * a record edited, deleted or inserted directly in PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Rpc } from '@yichuang/contracts';
import { aCreditCode, aProjectCode, eventually, testConfig } from '@yichuang/testing';
import { DEMO_PASSWORD, startE2E, type E2E } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VERIFY = path.join(root, 'dist', 'tools', 'audit', 'verify.js');

interface Item { code: string; materials: { code: string; required: boolean }[] }
interface Task { id: string; caseNo: string }
interface AuditRecord { seq: string; at: string; actor: string; roles: string[]; clientAddress: string; action: string; objectType?: string; objectId?: string; outcome: string; correlationId: string; source: string }
interface AuditPage { items: AuditRecord[]; nextCursor?: string }

/** `node dist/tools/audit/verify.js` against the suite's database: its exit code and what it printed */
function verify(databaseUrl: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFY], { env: { ...testConfig.processEnv, DATABASE_URL: databaseUrl }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() });
    });
  });
}

describe('the audit trail: recorded, shown to the supervisor, verified, tampering found', () => {
  let e: E2E;
  let db: pg.Client;
  let supervisor: string;
  const seen: { action: string; actor: string; roles: string[]; objectId?: string; outcome: string; correlationId: string }[] = [];

  beforeAll(async () => {
    e = await startE2E();
    db = new pg.Client({ connectionString: e.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await e?.stop();
  });

  const correlationOf = (r: { headers: Headers }) => r.headers.get('x-correlation-id') ?? '';

  it('records a failed and a good login, and the window and back-office steps, with the outcome of each', async () => {
    const failed = await e.http.post('/api/v1/auth/login', { username: 'clerk1', password: 'not-the-password' });
    expect(failed.status).toBe(401);
    seen.push({ action: Rpc.admin.verifyLogin.subject, actor: 'clerk1', roles: [], objectId: 'clerk1', outcome: 'INVALID_CREDENTIALS', correlationId: correlationOf(failed) });
    const login = await e.http.post<{ accessToken: string }>('/api/v1/auth/login', { username: 'clerk1', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    seen.push({ action: Rpc.admin.verifyLogin.subject, actor: 'clerk1', roles: ['clerk'], objectId: 'clerk1', outcome: 'ok', correlationId: correlationOf(login) });
    const clerk = login.body.accessToken;
    supervisor = await e.http.login('supervisor1');

    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001');
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', agentName: '李四' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    seen.push({ action: Rpc.intake.createApplication.subject, actor: 'clerk1', roles: ['clerk'], objectId: id, outcome: 'ok', correlationId: correlationOf(created) });
    const pre = await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    expect(pre.status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    seen.push({ action: Rpc.intake.accept.subject, actor: 'clerk1', roles: ['clerk'], objectId: id, outcome: 'ok', correlationId: correlationOf(accepted) });

    const zrzy = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${accepted.body.caseNo}`, zrzy)).body[0]);
    const decided = await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合用地政策，准予许可。' }, zrzy);
    expect(decided.status).toBe(200);
    seen.push({ action: Rpc.review.decide.subject, actor: 'zrzy1', roles: ['reviewer'], objectId: task.id, outcome: 'ok', correlationId: correlationOf(decided) });
    const again = await e.http.post<{ error: { code: string } }>(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'deny', opinion: '再次' }, zrzy);
    expect(again.status).toBe(409);
    seen.push({ action: Rpc.review.decide.subject, actor: 'zrzy1', roles: ['reviewer'], objectId: task.id, outcome: again.body.error.code, correlationId: correlationOf(again) });

    // the supervisor sees each of them, with who, roles, the client's address, what, on which object and how it ended
    for (const want of seen) expect(want.correlationId).not.toBe('');
    const trail = await eventually(async () => {
      const r = await e.http.get<AuditPage>('/api/v1/audit?limit=500', supervisor);
      expect(r.status).toBe(200);
      return seen.every((w) => r.body.items.some((x) => x.correlationId === w.correlationId && x.action === w.action)) ? r.body.items : null;
    }, 30_000);
    for (const want of seen) {
      const got = trail.find((x) => x.correlationId === want.correlationId && x.action === want.action);
      expect(got).toMatchObject({ actor: want.actor, roles: want.roles, objectId: want.objectId, outcome: want.outcome, clientAddress: expect.stringMatching(/127\.0\.0\.1|::1/) });
    }
    // recorded where they were answered; reads are not recorded
    expect(trail.find((x) => x.action === Rpc.intake.accept.subject)?.source).toBe('intake');
    expect(trail.find((x) => x.action === Rpc.review.decide.subject)?.source).toBe('review');
    expect(trail.find((x) => x.action === Rpc.admin.verifyLogin.subject)?.source).toBe('admin');
    expect(trail.some((x) => x.action === Rpc.review.listTasks.subject || x.action === Rpc.admin.tokenState.subject)).toBe(false);
    // newest first, and the filters
    const seqs = trail.map((x) => Number(x.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const byObject = await e.http.get<AuditPage>(`/api/v1/audit?objectId=${task.id}&outcome=ok`, supervisor);
    expect(byObject.body.items.map((x) => x.action)).toEqual([Rpc.review.decide.subject]);
    const failedLogins = await e.http.get<AuditPage>('/api/v1/audit?actor=clerk1&outcome=INVALID_CREDENTIALS', supervisor);
    expect(failedLogins.body.items).toHaveLength(1);
  });

  it('answers 403 to a clerk or a reviewer, and 401 without a token', async () => {
    expect((await e.http.get('/api/v1/audit', await e.http.login('clerk1'))).status).toBe(403);
    expect((await e.http.get('/api/v1/audit', await e.http.login('fgw1'))).status).toBe(403);
    expect((await e.http.get('/api/v1/audit')).status).toBe(401);
    expect((await e.http.get('/api/v1/audit', await e.http.login('admin'))).status).toBe(200);
    expect((await e.http.get('/api/v1/audit?limit=0', supervisor)).status).toBe(400);
  });

  it('verifies the chain, and finds a record edited, deleted or inserted directly in PostgreSQL', async () => {
    const ok = await verify(e.infra.databaseUrl);
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/^audit chain OK: \d+ record\(s\)/) });
    const count = Number(/OK: (\d+)/.exec(ok.out)?.[1]);
    expect(count).toBeGreaterThanOrEqual(seen.length);

    // the service's own role may not change it (the owner's UPDATE is revoked), and the trigger refuses even a superuser
    const adminRole = new pg.Client({ connectionString: e.serviceDatabaseUrls['admin'] });
    await adminRole.connect();
    try {
      await expect(adminRole.query(`UPDATE admin.audit_record SET outcome = 'ok' WHERE seq = 1`)).rejects.toThrow(/permission denied|append-only/);
      await expect(adminRole.query(`DELETE FROM admin.audit_record WHERE seq = 1`)).rejects.toThrow(/append-only/);
    } finally {
      await adminRole.end();
    }
    await expect(db.query(`UPDATE admin.audit_record SET outcome = 'ok' WHERE seq = 1`)).rejects.toThrow(/append-only/);

    const accept = (await db.query<{ seq: string }>(`SELECT seq::text AS seq FROM admin.audit_record WHERE action = $1`, [Rpc.intake.accept.subject])).rows[0]?.seq;
    expect(accept).toBeDefined();
    const asSuperuser = async (sql: string, params: unknown[] = []) => {
      await db.query('BEGIN');
      await db.query('ALTER TABLE admin.audit_record DISABLE TRIGGER audit_record_append_only');
      await db.query(sql, params);
      await db.query('ALTER TABLE admin.audit_record ENABLE TRIGGER audit_record_append_only');
      await db.query('COMMIT');
    };

    // edited: the accept's outcome changed
    await asSuperuser(`UPDATE admin.audit_record SET outcome = 'FORBIDDEN' WHERE seq = $1`, [accept]);
    const edited = await verify(e.infra.databaseUrl);
    expect(edited.code).toBe(1);
    expect(edited.out).toContain(`BROKEN at seq ${accept}: edited`);
    await asSuperuser(`UPDATE admin.audit_record SET outcome = 'ok' WHERE seq = $1`, [accept]);
    expect((await verify(e.infra.databaseUrl)).code).toBe(0);

    // deleted: the record removed (and put back)
    const saved = (await db.query(`SELECT * FROM admin.audit_record WHERE seq = $1`, [accept])).rows[0] as Record<string, unknown>;
    await asSuperuser(`DELETE FROM admin.audit_record WHERE seq = $1`, [accept]);
    const deleted = await verify(e.infra.databaseUrl);
    expect(deleted.code).toBe(1);
    expect(deleted.out).toContain(`BROKEN at seq ${accept}: deleted`);
    const columns = Object.keys(saved);
    await db.query(`INSERT INTO admin.audit_record (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => saved[c]));
    expect((await verify(e.infra.databaseUrl)).code).toBe(0);

    // inserted: a copy of the accept appended as the newest record
    const inserted = (
      await db.query<{ seq: string }>(
        `INSERT INTO admin.audit_record (seq, at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source, event_id, prev_hash, hash)
         SELECT (SELECT max(seq) + 1 FROM admin.audit_record), at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source,
                gen_random_uuid(), prev_hash, hash
         FROM admin.audit_record WHERE seq = $1 RETURNING seq::text AS seq`,
        [accept],
      )
    ).rows[0]?.seq;
    const broken = await verify(e.infra.databaseUrl);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at seq ${inserted}: inserted`);
  });
});
