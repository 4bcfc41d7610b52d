import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { healthSubject, Rpc, SERVICES, type MessageProblemView, type ProviderHealthView } from '@yichuang/contracts';
import { BusModule, Clock, startNatsServer } from '@yichuang/platform';
import type { AddressInfo } from 'node:net';
import { AuthGuard, TokenStates } from '../http/auth.js';
import { HttpContextInterceptor } from '../http/context.interceptor.js';
import { HttpErrorFilter } from '../http/error.filter.js';
import { httpValidationPipe } from '../http/pipes.js';
import { GATEWAY_ENV } from '../tokens.js';
import { AdminController } from './admin.controller.js';
import { FollowUpController } from './follow-up.controller.js';
import { messageProviderWarnings } from './message-providers.js';
import { NotificationsController } from './notifications.controller.js';
import { PlatformController } from './platform.controller.js';

const problem = (caseNo: string): MessageProblemView => ({
  caseNo,
  messageId: '5b0c8a8e-2f9e-4a43-9a4b-0c2f3a1d7e11',
  channel: 'sms',
  template: 'CASE_ACCEPTED',
  templateName: '受理短信',
  status: 'permanent_failure',
  statusText: '无法送达',
  reason: '短信无法送达：号码无效或已停机（UNDELIV err:001），请电话告知申请人。',
  since: '2026-11-26T02:00:05.000Z',
});

const provider = (name: string, state: ProviderHealthView['state'], extra: Partial<ProviderHealthView> = {}): ProviderHealthView => ({
  name,
  channel: 'sms',
  priority: 1,
  state,
  consecutiveFailures: state === 'up' ? 0 : 3,
  ...(state === 'up' ? {} : { cooldownUntil: '2026-11-26T02:10:00.000Z' }),
  counts: { delivered: 1, sending: 0, temporary_failure: 3, permanent_failure: 0, unknown: 0 },
  instance: 'notification-1',
  ...extra,
});

/**
 * The follow-up list with the cases' message problems, resolving one, and the message providers on the health check
 * and the admin route: the controllers with the gateway's guard, interceptor, filter and pipe over real NATS, with
 * stand-ins for intake, review and notification (GatewayModule cannot load under Jest: see callbacks.int-spec.ts).
 */
describe('message problems and providers through the gateway (real NATS)', () => {
  let nats: { url: string; stop: () => Promise<void> };
  let nc: NatsConnection;
  let app: NestExpressApplication;
  let base: string;
  let clerkToken: string;
  let adminToken: string;
  let providers: ProviderHealthView[] | 'down' = [];
  let notificationDown = false;
  const asked: { subject: string; data: unknown; actor?: string }[] = [];

  const respond = (subject: string, answer: (data: unknown) => unknown) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const { id, data } = msg.json<{ id: string; data: unknown }>();
        asked.push({ subject, data, actor: msg.headers?.get('x-actor') });
        const response = answer(data);
        if (response === undefined) return; // no answer: the request times out
        msg.respond(JSON.stringify({ id, response, isDisposed: true }));
      },
    });

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    respond(Rpc.intake.listCases.subject, () => [
      { caseNo: 'CASE-A', status: 'in_review' },
      { caseNo: 'CASE-B', status: 'in_review' },
    ]);
    respond(Rpc.review.tasksOfCases.subject, () => []);
    respond(Rpc.notification.problems.subject, (d) => (notificationDown ? undefined : ((d as { caseNos: string[] }).caseNos.includes('CASE-B') ? [problem('CASE-B')] : [])));
    respond(Rpc.notification.resolveProblem.subject, (d) => ({ ...(d as object), caseNo: 'CASE-B', status: 'permanent_failure', resolvedAt: '2026-11-26T03:00:00.000Z', resolvedBy: 'clerk1' }));
    respond(Rpc.notification.providers.subject, () => (providers === 'down' ? undefined : providers));
    respond(Rpc.admin.calendarOverview.subject, () => ({}));
    respond(Rpc.admin.tokenState.subject, (d) => ({ username: (d as { username: string }).username, active: true, tokenVersion: 0 }));
    for (const s of SERVICES) respond(healthSubject(s), () => ({ status: 'up' }));
    await nc.flush();

    @Module({
      imports: [BusModule.forRoot({ service: 'gateway', natsUrl: nats.url, instanceId: 'gateway-follow-up-test', rpcTimeoutMs: 1_000 }), JwtModule.register({ secret: 'a-test-secret-of-enough-length-0123456789' })],
      controllers: [FollowUpController, NotificationsController, PlatformController, AdminController],
      providers: [
        { provide: Clock, useFactory: () => new Clock() },
        { provide: GATEWAY_ENV, useValue: { NODE_ENV: 'production', JWT_TTL_SECONDS: 3600, TOKEN_STATE_CACHE_MS: 5000 } },
        TokenStates,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: HttpContextInterceptor },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: httpValidationPipe },
      ],
    })
    class FollowUpGatewayModule {}
    app = await NestFactory.create<NestExpressApplication>(FollowUpGatewayModule, { logger: false });
    app.setGlobalPrefix('api');
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
    const jwt = app.get(JwtService);
    clerkToken = await jwt.signAsync({ sub: 'clerk1', roles: ['clerk'], window: 'W01' }, { expiresIn: 3600 });
    adminToken = await jwt.signAsync({ sub: 'admin1', roles: ['admin'] }, { expiresIn: 3600 });
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await nats?.stop();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };

  it('gives every case of the follow-up list its message problems (empty when none), and filters by ?messages=problem', async () => {
    const all = await get('/v1/follow-up', clerkToken);
    expect(all.status).toBe(200);
    expect(all.body.map((c) => [(c as { caseNo: string }).caseNo, (c as { messageProblems: unknown[] }).messageProblems])).toEqual([
      ['CASE-A', []],
      ['CASE-B', [problem('CASE-B')]],
    ]);
    expect(asked.filter((a) => a.subject === Rpc.notification.problems.subject).at(-1)?.data).toEqual({ caseNos: ['CASE-A', 'CASE-B'] });

    const only = await get('/v1/follow-up?messages=problem', clerkToken);
    expect(only.body.map((c) => (c as { caseNo: string }).caseNo)).toEqual(['CASE-B']);
    expect((await get('/v1/follow-up?messages=other', clerkToken)).status).toBe(400);
  });

  it('still lists the cases while notification does not answer, without messageProblems; the problem filter fails then', async () => {
    notificationDown = true;
    try {
      const all = await get('/v1/follow-up', clerkToken);
      expect(all.status).toBe(200);
      expect(all.body).toHaveLength(2);
      expect(all.body.every((c) => !('messageProblems' in (c as object)))).toBe(true);
      expect((await get('/v1/follow-up?messages=problem', clerkToken)).status).toBeGreaterThanOrEqual(500);
    } finally {
      notificationDown = false;
    }
  });

  it('records the clerk\'s call on a message problem with the clerk as the actor', async () => {
    const id = problem('CASE-B').messageId;
    const res = await fetch(`${base}/v1/notifications/${id}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '已电话告知申请人' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ messageId: id, note: '已电话告知申请人', resolvedBy: 'clerk1' });
    const call = asked.filter((a) => a.subject === Rpc.notification.resolveProblem.subject).at(-1);
    expect(call?.data).toEqual({ messageId: id, note: '已电话告知申请人' });
    expect(call?.actor).toContain('clerk1');
    const bad = await fetch(`${base}/v1/notifications/not-a-uuid/resolve`, { method: 'POST', headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' }, body: '{"note":"x"}' });
    expect(bad.status).toBe(404); // UuidParam: not an id, no such message
    const noNote = await fetch(`${base}/v1/notifications/${id}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' }, body: '{}' });
    expect(noNote.status).toBe(400);
  });

  it('shows the message providers on the health check with a Chinese warning when every SMS provider cools down; the status stays', async () => {
    providers = [provider('smpp', 'cooling_down', { lastError: 'connect ECONNREFUSED 10.0.0.5:2775', details: { connected: false } }), provider('http', 'cooling_down', { priority: 2 })];
    const h = await get('/health');
    expect(h.status).toBe(200);
    expect(h.body['status']).toBe('ok');
    expect(h.body['warnings']).toEqual(['短信通道全部不可用：smpp、http连续发送失败，暂停使用至10:10，短信将在恢复后补发']);
    expect((h.body['messageProviders'] as ProviderHealthView[]).map((p) => [p.name, p.state])).toEqual([
      ['smpp', 'cooling_down'],
      ['http', 'cooling_down'],
    ]);
    // the public check shows no provider errors or connection details
    expect(JSON.stringify(h.body)).not.toContain('10.0.0.5');

    providers = [provider('smpp', 'up'), provider('http', 'cooling_down', { priority: 2 })];
    expect((await get('/health')).body['warnings']).toEqual([]);

    providers = [provider('dev', 'up')];
    expect((await get('/health')).body['warnings']).toEqual(['未配置短信通道，短信不会真正发出']);

    providers = 'down';
    const without = await get('/health');
    expect(without.status).toBe(200);
    expect(without.body).not.toHaveProperty('messageProviders');
    expect(without.body['warnings']).toEqual([]);
  });

  it('answers the administrator the providers in full; a clerk may not', async () => {
    providers = [provider('smpp', 'up', { details: { connected: true, bound: true, outstanding: 0, reconnects: 0 } })];
    const r = await get('/v1/admin/sms-providers', adminToken);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(providers);
    expect((await get('/v1/admin/sms-providers', clerkToken)).status).toBe(403);
  });
});

describe('messageProviderWarnings', () => {
  it('warns of the development provider in production only', () => {
    expect(messageProviderWarnings([provider('dev', 'up')], 'development')).toEqual([]);
    expect(messageProviderWarnings([provider('dev', 'up')], 'production')).toEqual(['未配置短信通道，短信不会真正发出']);
    expect(messageProviderWarnings([provider('dev', 'up'), provider('smpp', 'up')], 'production')).toEqual([]);
  });

  it('does not count WeChat as an SMS channel', () => {
    expect(messageProviderWarnings([provider('smpp', 'up'), { ...provider('wechat', 'cooling_down'), channel: 'wechat' }], 'production')).toEqual([]);
    expect(messageProviderWarnings([], 'production')).toEqual([]);
  });
});
