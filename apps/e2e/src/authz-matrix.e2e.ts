/**
 * Who may do what (issue 11): every route of the OpenAPI document walked with one account per role and without a
 * token, each answer held against the access matrix (libs/contracts ACCESS_MATRIX, the one the gateway enforces);
 * then the scope of objects — another department's task, case, paper and document, another window's queue — over
 * HTTP and straight over NATS with a forged actor header, as a service must refuse it without the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACCESS_MATRIX, AppError, mayCall, openApiPath, Rpc, type Actor, type Role } from '@yichuang/contracts';
import { aCreditCode, aProjectCode, eventually, testRpcClient } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

/** one account per role (the department head is also a reviewer, as in the hall), and nobody */
const ACCOUNTS: { as: string; username?: string; roles: Role[] }[] = [
  { as: 'clerk', username: 'clerk1', roles: ['clerk'] },
  { as: 'consultant', username: 'consult1', roles: ['consultant'] },
  { as: 'reviewer', username: 'fgw1', roles: ['reviewer'] },
  { as: 'department_head', username: 'fgw_head', roles: ['reviewer', 'department_head'] },
  { as: 'supervisor', username: 'supervisor1', roles: ['supervisor'] },
  { as: 'admin', username: 'admin', roles: ['admin'] },
  { as: 'anonymous', roles: [] },
];

/**
 * Path parameters that pass the gateway's pipes and name nothing that exists (an allowed call answers 400/404, never
 * changes anything: no account `authz-nobody` to disable, no template `AUTHZ_NONE`).
 */
const PARAMS: Record<string, string> = {
  caseNo: 'XX-AUTHZ-0001',
  id: '00000000-0000-4000-8000-000000000001',
  meetingId: '00000000-0000-4000-8000-000000000002',
  username: 'authz-nobody',
  code: 'AUTHZ_NONE',
  date: '2026-12-31',
  version: '99999',
  provider: 'authznone',
  verifyCode: 'AUTHZNONE',
  kind: 'acceptance_notice',
};

/**
 * Public routes that check a signature of their own (the post's and the message platforms' callbacks): their 401 is
 * "bad signature", not the guard's "log in".
 */
const SIGNED_PUBLIC = new Set(['POST /api/v1/ems/webhook', 'POST /api/v1/callbacks/:provider', 'GET /api/v1/callbacks/:provider']);

type Operation = { method: string; path: string; key: string; op: { security?: unknown[]; 'x-roles'?: string[] } };
interface ErrorAnswer { error: { code: string; message: string; messageZh: string; details: Record<string, unknown>[] } }

describe('who may do what: the access matrix, walked', () => {
  let e: E2E;
  const tokens = new Map<string, string | undefined>();
  let operations: Operation[] = [];

  beforeAll(async () => {
    e = await startE2E();
    for (const a of ACCOUNTS) tokens.set(a.as, a.username ? await e.http.login(a.username) : undefined);
    const doc = await e.http.get<{ paths: Record<string, Record<string, Operation['op']>> }>('/api/docs-json');
    expect(doc.status).toBe(200);
    const matrixByOpenApi = new Map(Object.keys(ACCESS_MATRIX).map((k) => [`${k.split(' ')[0]} ${openApiPath(k.split(' ')[1] ?? '')}`, k]));
    for (const [path, item] of Object.entries(doc.body.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const upper = method.toUpperCase();
        operations.push({ method: upper, path, key: matrixByOpenApi.get(`${upper} ${path}`) ?? `${upper} ${path} (not in the matrix)`, op });
      }
    }
    operations = operations.sort((a, b) => a.key.localeCompare(b.key));
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('documents exactly the routes of the matrix, each marked as the matrix says', () => {
    expect(operations.filter((o) => !(o.key in ACCESS_MATRIX)).map((o) => o.key)).toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((k) => !operations.some((o) => o.key === k))).toEqual([]);
    for (const o of operations) {
      const access = ACCESS_MATRIX[o.key];
      if (access === 'public') expect([o.key, o.op.security]).toEqual([o.key, []]);
      else expect([o.key, o.op.security, o.op['x-roles']]).toEqual([o.key, [{ bearer: [] }], [...(access ?? [])]]);
    }
  });

  /** One call as the account: the status, and the error body if any. SSE answers are cut after their headers. */
  async function call(o: Operation, token: string | undefined): Promise<{ status: number; body?: ErrorAnswer }> {
    const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(PARAMS[name] ?? 'x'));
    const ctrl = new AbortController();
    const res = await fetch(`${e.http.base}${path}`, {
      method: o.method,
      signal: ctrl.signal,
      headers: { ...(o.method !== 'GET' ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(o.method !== 'GET' ? { body: '{}' } : {}),
    });
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      ctrl.abort();
      return { status: res.status };
    }
    const text = await res.text();
    let body: ErrorAnswer | undefined;
    try {
      body = text ? (JSON.parse(text) as ErrorAnswer) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, ...(body ? { body } : {}) };
  }

  it('answers every route, for every role and for nobody, as the matrix says', async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const o of operations) {
      for (const a of ACCOUNTS) {
        const allowed = mayCall(o.key, a.roles);
        const isPublic = ACCESS_MATRIX[o.key] === 'public';
        const { status, body } = await call(o, tokens.get(a.as));
        calls++;
        const expected = allowed ? 'allowed' : a.username ? '403' : '401';
        let ok: boolean;
        if (!allowed) ok = status === (a.username ? 403 : 401) && body?.error.code === (a.username ? 'FORBIDDEN' : 'UNAUTHORIZED');
        else ok = status !== 403 && (status !== 401 || (isPublic && SIGNED_PUBLIC.has(o.key))) && status < 500;
        if (!ok) wrong.push(`${o.key} as ${a.as}: ${status} (${body?.error.code ?? ''} ${body?.error.message ?? ''}), expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(operations.length * ACCOUNTS.length);
  });

  it('refuses a role outside the route with a detail naming the roles that may call it', async () => {
    const r = await e.http.post<ErrorAnswer>('/api/v1/applications', {}, tokens.get('reviewer'));
    expect(r.status).toBe(403);
    expect(r.body.error.details).toEqual([expect.objectContaining({ field: 'role', roles: ['clerk'] })]);
    expect(r.body.error.messageZh).toBe('当前账号无权办理此项业务');
  });
});

describe('who may do what: scopes of departments and windows', () => {
  let e: E2E;
  let clerk: string;
  let clerk2: string;
  let fgw: string;
  let zrzy: string;
  let zrzyHead: string;
  let caseNo: string;
  let applicationId: string;
  let fgwTaskId: string;
  let certificateId: string;
  let paperCode: string;
  const rpcActor = (actor: Actor) => ({ actor });

  beforeAll(async () => {
    e = await startE2E();
    [clerk, clerk2, fgw, zrzy, zrzyHead] = await Promise.all(['clerk1', 'clerk2', 'fgw1', 'zrzy1', 'zrzy_head'].map((u) => e.http.login(u)));
    // a case with one FGW item, its paper handed to fgw1, its task decided: a result document of FGW
    const items = (await e.http.get<{ code: string; kind: string; department: { code: string }; materials: { code: string; required: boolean }[] }[]>('/api/v1/catalog/items?stage=1')).body;
    const item = items.find((i) => i.department.code === 'FGW' && i.kind === 'promised' && i.materials.some((m) => m.required));
    if (!item) throw new Error('no FGW item with materials in stage 1');
    const materials = item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }));
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: [item.code],
        applicant: { kind: 'enterprise', name: '新县某建设公司', idNumber: aCreditCode(), phone: '13912345670' },
        project: { code: aProjectCode(), name: '新县权限测试项目', location: '新县' },
        materials,
      },
      clerk,
    );
    expect(created.status).toBe(201);
    applicationId = created.body.id;
    paperCode = materials[0]?.code ?? '';
    expect((await e.http.post(`/api/v1/applications/${applicationId}/paper/handover`, { materialCodes: [paperCode], to: 'fgw1' }, clerk)).status).toBe(200);
    expect((await e.http.post(`/api/v1/applications/${applicationId}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${applicationId}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    caseNo = accepted.body.caseNo;
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, fgw)).body[0]);
    fgwTaskId = task.id;
    expect((await e.http.post(`/api/v1/review/tasks/${fgwTaskId}/claim`, undefined, fgw)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${fgwTaskId}/decide`, { outcome: 'approve', opinion: '同意' }, fgw)).status).toBe(200);
    const certificates = await eventually(async () => {
      const list = (await e.http.get<{ id: string; role: string }[]>(`/api/v1/cases/${caseNo}/certificates`, clerk)).body;
      return list.length > 0 ? list : undefined;
    });
    certificateId = certificates[0]?.id ?? '';
  });

  afterAll(async () => {
    await e?.stop();
  });

  /**
   * The scope table: another department's objects — tasks, cases, result documents, applications, paper not handed
   * to the reviewer — do not exist for a reviewer (404, the contract's "where even existence must not leak"); acting
   * on what is visible but another's — paper another reviewer holds, another window's queue — is refused (403). The
   * same request by the owner is let through (`owner`).
   */
  it.each<[string, string, () => [string, string, unknown, string], number, (() => [string, string, unknown, string]) | undefined]>([
    ['a task of another department', 'GET', () => ['GET', `/api/v1/review/tasks/${fgwTaskId}`, undefined, zrzy], 404, () => ['GET', `/api/v1/review/tasks/${fgwTaskId}`, undefined, fgw]],
    ['the ledger of a task of another department', 'GET', () => ['GET', `/api/v1/review/tasks/${fgwTaskId}/ledger`, undefined, zrzy], 404, () => ['GET', `/api/v1/review/tasks/${fgwTaskId}/ledger`, undefined, fgw]],
    ['an opinion on a task of another department', 'POST', () => ['POST', `/api/v1/review/tasks/${fgwTaskId}/opinions`, { opinion: '越权意见' }, zrzy], 404, undefined],
    ['assigning a task of another department, as its head', 'POST', () => ['POST', `/api/v1/review/tasks/${fgwTaskId}/assign`, { assignee: 'zrzy1' }, zrzyHead], 404, undefined],
    ['a case with no item of the department', 'GET', () => ['GET', `/api/v1/cases/${caseNo}`, undefined, zrzy], 404, () => ['GET', `/api/v1/cases/${caseNo}`, undefined, fgw]],
    ['a result document of another department', 'GET', () => ['GET', `/api/v1/certificates/${certificateId}.pdf`, undefined, zrzy], 404, () => ['GET', `/api/v1/certificates/${certificateId}.pdf`, undefined, fgw]],
    ['correcting a document of another department', 'POST', () => ['POST', `/api/v1/certificates/${certificateId}/correct`, { reason: '越权更正', corrections: { projectName: '改名' } }, zrzy], 404, undefined],
    ['paper not handed to the reviewer', 'GET', () => ['GET', `/api/v1/applications/${applicationId}/paper`, undefined, zrzy], 404, () => ['GET', `/api/v1/applications/${applicationId}/paper`, undefined, fgw]],
    ['giving back paper held by another reviewer', 'POST', () => ['POST', `/api/v1/applications/${applicationId}/paper/return`, { materialCodes: [paperCode], location: '别处' }, zrzy], 403, undefined],
    ['the window review of an application without the department', 'POST', () => ['POST', `/api/v1/applications/${applicationId}/window-review`, { confirmed: true }, zrzy], 404, undefined],
    ['calling the next ticket for another window', 'POST', () => ['POST', '/api/v1/queue/call-next', { windowNo: 'W02' }, clerk], 403, () => ['POST', '/api/v1/queue/call-next', { windowNo: 'W02' }, clerk2]],
  ])('%s (%s): refused with the status of the scope table, let through for the owner', async (_what, _method, request, status, owner) => {
    const [method, path, body, token] = request();
    const r = await e.http.call<ErrorAnswer>(method, path, body, token);
    expect([path, r.status]).toEqual([path, status]);
    if (owner) {
      const [m, p, b, t] = owner();
      const ok = await e.http.call<ErrorAnswer>(m, p, b, t);
      expect([p, ok.status < 400 || ok.status === 409]).toEqual([p, true]);
    }
  });

  it('shows the application in full to the window clerk and masked to the supervisor', async () => {
    const supervisor = await e.http.login('supervisor1');
    const full = await e.http.get<{ applicant: { phone: string; idNumber: string } }>(`/api/v1/applications/${applicationId}`, clerk);
    const masked = await e.http.get<{ applicant: { phone: string; idNumber: string } }>(`/api/v1/applications/${applicationId}`, supervisor);
    expect(full.body.applicant.phone).toBe('13912345670');
    expect(masked.body.applicant.phone).toBe('139****5670');
    expect(masked.body.applicant.idNumber).toMatch(/^.{4}\*{10}.{4}$/);
    const c = await e.http.get<{ applicant: { phone: string } }>(`/api/v1/cases/${caseNo}`, supervisor);
    expect(c.body.applicant.phone).toBe('139****5670');
  });

  it('a service refuses a forged actor straight over NATS: wrong role, other department, other window, no window', async () => {
    const rpc = testRpcClient(e.infra.natsUrl);
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'OK';
      } catch (err) {
        return err instanceof AppError ? err.code : String(err);
      }
    };
    try {
      const clerkW01: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };
      expect(await code(rpc.request(Rpc.intake.callNext, { windowNo: 'W02' }, rpcActor(clerkW01)))).toBe('FORBIDDEN');
      expect(await code(rpc.request(Rpc.intake.callNext, { windowNo: 'W01' }, rpcActor({ username: 'nowindow', roles: ['clerk'] })))).toBe('FORBIDDEN');
      expect(await code(rpc.request(Rpc.intake.callNext, { windowNo: 'W01' }, rpcActor({ username: 'fgw1', roles: ['reviewer'], department: 'FGW' })))).toBe('FORBIDDEN');
      expect(await code(rpc.request(Rpc.intake.recall, { ticketNo: 'A999' }, rpcActor({ username: 'supervisor1', roles: ['supervisor'] })))).toBe('FORBIDDEN');
      const zrzyActor: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };
      expect(await code(rpc.request(Rpc.review.detail, { id: fgwTaskId }, rpcActor(zrzyActor)))).toBe('NOT_FOUND');
      expect(await code(rpc.request(Rpc.review.claim, { id: fgwTaskId }, rpcActor(zrzyActor)))).toBe('NOT_FOUND');
      expect(await code(rpc.request(Rpc.review.listTasks, {}, rpcActor(clerkW01)))).toBe('FORBIDDEN');
      expect(await code(rpc.request(Rpc.intake.getCase, { caseNo }, rpcActor(zrzyActor)))).toBe('NOT_FOUND');
      expect(await code(rpc.request(Rpc.intake.getCase, { caseNo }, rpcActor({ username: 'admin', roles: ['admin'] })))).toBe('FORBIDDEN');
      expect(await code(rpc.request(Rpc.intake.paperOfApplication, { id: applicationId }, rpcActor(zrzyActor)))).toBe('NOT_FOUND');
      expect(await code(rpc.request(Rpc.certificate.pdf, { id: certificateId }, rpcActor(zrzyActor)))).toBe('NOT_FOUND');
      expect(await code(rpc.request(Rpc.intake.createApplication, {} as never, rpcActor(zrzyActor)))).toBe('FORBIDDEN');
      // and without any actor at all
      expect(await code(rpc.request(Rpc.review.listTasks, {}, {}))).toBe('UNAUTHORIZED');
      // the rightful actor gets through the same way
      expect(await code(rpc.request(Rpc.review.detail, { id: fgwTaskId }, rpcActor({ username: 'fgw1', roles: ['reviewer'], department: 'FGW' })))).toBe('OK');
    } finally {
      await rpc.onApplicationShutdown();
    }
  });
});
