/**
 * Bad input to every endpoint built so far answers the contract's error shape, listing every problem,
 * and never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode } from '@yichuang/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface ErrorAnswer { error: { code: string; message: string; details: { field?: string; problem: string }[] } }

const fields = (b: ErrorAnswer) => b.error.details.map((d) => d.field);

describe('bad input gets a clear error, never a crash', () => {
  let e: E2E;
  let clerk: string;
  let reviewer: string;

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    reviewer = await e.http.login('zrzy1');
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('lists missing fields, wrong types, a wrong ID check digit and unknown items of an application in one answer', async () => {
    const r = await e.http.post<ErrorAnswer>(
      '/api/v1/applications',
      {
        channel: 'fax',
        stage: '1',
        itemCodes: ['ZRZY-001', 'NO-SUCH-ITEM', 'ZJJ-003'],
        applicant: { kind: 'person', name: '张三', idNumber: '411523199001011235', phone: '12345' },
        materials: [{ code: 'ZRZY-001-M01', form: 'fax' }],
      },
      clerk,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect((r.body.error as { messageZh?: string }).messageZh).toBe('填写的内容有误，请按提示逐项修改后重新提交');
    expect(fields(r.body)).toEqual(
      expect.arrayContaining(['channel', 'stage', 'project', 'applicant.idNumber', 'applicant.phone', 'materials[0].form', 'itemCodes[1]']),
    );
    const id = r.body.error.details.find((d) => d.field === 'applicant.idNumber');
    expect(id?.problem).toMatch(/check/);
    expect(r.body.error.details.find((d) => d.field === 'itemCodes[1]')?.problem).toMatch(/unknown/);
  });

  it('refuses items of another stage and a credit code with a wrong check character', async () => {
    const code = aCreditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const r = await e.http.post<ErrorAnswer>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001', 'ZJJ-003'],
        applicant: { kind: 'enterprise', name: '新县某公司', idNumber: wrong, phone: '13812345678' },
        project: { code: aProjectCode(), name: '项目', location: '新县' },
        materials: [],
      },
      clerk,
    );
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(expect.arrayContaining(['applicant.idNumber', 'itemCodes[1]']));
    expect(r.body.error.details.find((d) => d.field === 'itemCodes[1]')?.problem).toMatch(/stage 3/);
  });

  it('answers malformed JSON, unknown fields and bad path ids with 4xx in the contract shape', async () => {
    const malformed = await e.http.post<ErrorAnswer>('/api/v1/applications', '{"channel": ', clerk);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const notUuid = await e.http.post<ErrorAnswer>('/api/v1/applications/not-a-uuid/precheck', { results: [] }, clerk);
    expect(notUuid.status).toBe(404);
    expect(notUuid.body.error.code).toBe('NOT_FOUND');
    const unknownApp = await e.http.post<ErrorAnswer>('/api/v1/applications/00000000-0000-4000-8000-000000000000/accept', undefined, clerk);
    expect(unknownApp.status).toBe(404);
    const badPrecheck = await e.http.post<ErrorAnswer>(
      '/api/v1/applications/00000000-0000-4000-8000-000000000000/precheck',
      { results: [{ materialCode: 5, verdict: 'maybe' }], extra: true },
      clerk,
    );
    expect(badPrecheck.status).toBe(400);
    expect(fields(badPrecheck.body)).toEqual(expect.arrayContaining(['extra', 'results[0].materialCode', 'results[0].verdict']));
  });

  it('validates login, decisions, collection, ratings and calendar queries', async () => {
    const login = await e.http.post<ErrorAnswer>('/api/v1/auth/login', { username: 42 });
    expect(login.status).toBe(400);
    expect(fields(login.body)).toEqual(expect.arrayContaining(['username', 'password']));
    expect((await e.http.post<ErrorAnswer>('/api/v1/auth/login', { username: 'clerk1', password: 'wrong-password' })).status).toBe(401);

    const decide = await e.http.post<ErrorAnswer>('/api/v1/review/tasks/00000000-0000-4000-8000-000000000000/decide', { outcome: 'maybe' }, reviewer);
    expect(decide.status).toBe(400);
    expect(fields(decide.body)).toEqual(expect.arrayContaining(['outcome', 'opinion']));

    const collect = await e.http.post<ErrorAnswer>(
      '/api/v1/certificates/00000000-0000-4000-8000-000000000000/collect',
      { collectorName: '', collectorIdNumber: '411523199001011235' },
      clerk,
    );
    expect(collect.status).toBe(400);
    expect(fields(collect.body)).toEqual(expect.arrayContaining(['collectorName', 'collectorIdNumber']));

    const rating = await e.http.post<ErrorAnswer>('/api/v1/evaluations', { caseNo: 'bad case no!', level: 'great', channel: 'pad' }, clerk);
    expect(rating.status).toBe(400);
    expect(fields(rating.body)).toEqual(expect.arrayContaining(['caseNo', 'level']));

    const cal = await e.http.get<ErrorAnswer>('/api/v1/calendar/add-working-days?from=2026-02-30&days=-1');
    expect(cal.status).toBe(400);
    expect(fields(cal.body)).toEqual(expect.arrayContaining(['from', 'days']));
    // more than two years past the last announced year (2026): even the provisional calendar cannot count it
    const past = await e.http.get<ErrorAnswer>('/api/v1/calendar/add-working-days?from=2028-12-20&days=30');
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('CALENDAR_OUT_OF_RANGE');
  });

  it('refuses missing tokens and wrong roles, and a reviewer cannot create applications', async () => {
    expect((await e.http.get<ErrorAnswer>('/api/v1/review/tasks')).status).toBe(401);
    expect((await e.http.get<ErrorAnswer>('/api/v1/review/tasks', 'not.a.token')).status).toBe(401);
    const forbidden = await e.http.post<ErrorAnswer>('/api/v1/applications', {}, reviewer);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  it('publishes an OpenAPI document with every endpoint of the contract (docs/contract/gateway-v1.md)', async () => {
    const doc = await e.http.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
    expect(doc.status).toBe(200);
    const contract = readFileSync(path.join(root, 'docs', 'contract', 'gateway-v1.md'), 'utf8');
    const endpoints = [...contract.matchAll(/`(GET|POST) (\/api\/[^`?\s]*)/g)]
      .map((m) => ({ method: (m[1] as string).toLowerCase(), path: m[2] as string }))
      .filter((x) => x.path !== '/api/docs-json');
    expect(endpoints.length).toBeGreaterThan(30);
    const missing = endpoints.filter((x) => !doc.body.paths[x.path]?.[x.method]).map((x) => `${x.method} ${x.path}`);
    expect(missing).toEqual([]);
  });

  it('answers the same reply to a repeated Idempotency-Key and refuses the key with another body', async () => {
    const body = {
      channel: 'hall',
      stage: 1,
      itemCodes: ['ZRZY-001'],
      applicant: { kind: 'enterprise', name: '新县某公司', idNumber: aCreditCode(), phone: '13812345678' },
      project: { code: aProjectCode(), name: '项目', location: '新县' },
      materials: [],
    };
    const key = { 'idempotency-key': `e2e-${randomUUID()}` };
    const first = await e.http.post<{ id: string }>('/api/v1/applications', body, clerk, key);
    const again = await e.http.post<{ id: string }>('/api/v1/applications', body, clerk, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await e.http.post<ErrorAnswer>('/api/v1/applications', { ...body, itemCodes: ['FGW-002'] }, clerk, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  describe('hostile input (issue 11): refused before any transformer, in the contract shape', () => {
    const application = () => ({
      channel: 'hall',
      stage: 1,
      itemCodes: ['ZRZY-001'],
      applicant: { kind: 'enterprise', name: '新县某公司', idNumber: aCreditCode(), phone: '13812345678' },
      project: { code: aProjectCode(), name: '项目', location: '新县' },
      materials: [] as unknown[],
    });
    interface Bounded { error: { code: string; messageZh: string; details: { field?: string; problem: string }[]; detailsTotal?: number } }

    it('answers a 10,000-deep JSON body to the public login with 400', async () => {
      const r = await e.http.post<Bounded>('/api/v1/auth/login', `{"username":${'['.repeat(10_000)}${']'.repeat(10_000)},"password":"x"}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.messageZh).toMatch(/嵌套/);
      const object = await e.http.post<Bounded>('/api/v1/applications', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), clerk);
      expect(object.status).toBe(400);
    });

    it('refuses U+0000 and lone surrogates in free text, naming the field', async () => {
      const nul = application();
      nul.applicant.name = '张\u0000三';
      const r = await e.http.post<Bounded>('/api/v1/applications', nul, clerk);
      expect(r.status).toBe(400);
      expect(fields(r.body)).toEqual(['applicant.name']);
      expect(r.body.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
      // a lone surrogate cannot be written by JSON.stringify: send the escape itself
      const lone = JSON.stringify(application()).replace('"项目"', '"项目\\ud800"');
      const s = await e.http.post<Bounded>('/api/v1/applications', lone, clerk);
      expect(s.status).toBe(400);
      expect(fields(s.body)).toEqual(['project.name']);
      const q = await e.http.get<Bounded>('/api/v1/calendar/add-working-days?from=2026-01-05%00&days=3');
      expect(q.status).toBe(400);
      expect(fields(q.body)).toEqual(['from']);
    });

    it('refuses constructor, __proto__ and prototype keys anywhere in a body', async () => {
      const r = await e.http.post<Bounded>('/api/v1/auth/login', { username: { constructor: 'x' }, password: 'x' });
      expect(r.status).toBe(400);
      expect(fields(r.body)).toEqual(['username.constructor']);
      const proto = await e.http.post<Bounded>('/api/v1/applications', JSON.stringify(application()).replace('"project":{', '"project":{"__proto__":{"admin":true},'), clerk);
      expect(proto.status).toBe(400);
      expect(fields(proto.body)).toEqual(['project.__proto__']);
    });

    it('answers 30,000 bad materials quickly with a bounded error answer', async () => {
      const big = application();
      big.materials = Array.from({ length: 30_000 }, () => ({ code: 'X', form: 'fax' }));
      const r = await e.http.post<Bounded>('/api/v1/applications', big, clerk);
      expect(r.status).toBe(400);
      expect(r.body.error.details.length).toBeLessThanOrEqual(51);
      expect(r.body.error.detailsTotal).toBeGreaterThan(50);
      expect(JSON.stringify(r.body).length).toBeLessThan(20_000);
      const tooLarge = await e.http.post<Bounded>('/api/v1/auth/login', { username: 'x'.repeat(100_000), password: 'x' });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error.messageZh).toMatch(/过大/);
    });

    it('refuses empty and repeated query parameters', async () => {
      const empty = await e.http.get<Bounded>('/api/v1/calendar/add-working-days?from=2026-01-05&days=');
      expect(empty.status).toBe(400);
      expect(fields(empty.body)).toEqual(['days']);
      const twice = await e.http.get<Bounded>('/api/v1/calendar/add-working-days?from=2026-01-05&days=1&days=2');
      expect(twice.status).toBe(400);
      expect(fields(twice.body)).toEqual(['days']);
      expect((await e.http.get('/api/v1/calendar/add-working-days?from=2026-01-05&days=1')).status).toBe(200);
    });

    it('sends security headers and no CORS header to an unknown origin', async () => {
      const r = await e.http.call('GET', '/api/v1/labels', undefined, undefined, { origin: 'https://evil.example' });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toBeTruthy();
      expect(r.headers.get('strict-transport-security')).toBeTruthy();
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await e.http.call('OPTIONS', '/api/v1/applications', undefined, undefined, { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('lets each service reach only its own schema (one PostgreSQL role per service)', async () => {
    const intake = new pg.Client({ connectionString: e.serviceDatabaseUrls['intake'] });
    await intake.connect();
    try {
      const own = await intake.query('SELECT count(*)::int AS n FROM intake.application');
      expect(own.rows[0].n).toBeGreaterThanOrEqual(0);
      await expect(intake.query('SELECT * FROM review.review_task')).rejects.toThrow(/permission denied/);
      await expect(intake.query('SELECT * FROM admin.staff_account')).rejects.toThrow(/permission denied/);
    } finally {
      await intake.end();
    }
  });

  it('never logs an ID number or a phone number', () => {
    const leaked = e.logs.filter((l) => /\b\d{17}[\dXx]\b|\b1[3-9]\d{9}\b/.test(l.line));
    expect(leaked).toEqual([]);
  });
});
