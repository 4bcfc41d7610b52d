import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, NestFactory } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Rpc, type ErrorBody, type ProviderCallbackReply, type ProviderCallbackRequest } from '@yichuang/contracts';
import { BusModule, Clock, startNatsServer } from '@yichuang/platform';
import { startSmsHttpStub, startWechatStub, type SmsHttpStub, type WechatStub } from '@yichuang/testing';
import type { AddressInfo } from 'node:net';
import { AuthGuard, TokenStates } from '../http/auth.js';
import { GATEWAY_ENV } from '../tokens.js';
import { useBodyParsers } from '../http/body-parsers.js';
import { HttpContextInterceptor } from '../http/context.interceptor.js';
import { HttpErrorFilter } from '../http/error.filter.js';
import { httpValidationPipe } from '../http/pipes.js';
import { CallbacksController } from './callbacks.controller.js';

/**
 * The gateway's callback route with real NATS and a stand-in for the notification service's
 * `yc.rpc.notification.provider-callback.v1`: what is passed on (exact body, only the needed headers), and how the
 * provider's answer or refusal reaches the platform. The gateway module's global guard, interceptor, error filter and
 * pipe around the one controller (GatewayModule itself imports @nestjs/throttler, CommonJS, which Jest's ESM mode
 * cannot load; the e2e suites run the compiled gateway whole).
 */
describe('POST /api/v1/callbacks/{provider} (gateway, real NATS)', () => {
  let nats: { url: string; stop: () => Promise<void> };
  let nc: NatsConnection;
  let app: NestExpressApplication;
  let base: string;
  let sms: SmsHttpStub;
  let wechat: WechatStub;
  const asked: ProviderCallbackRequest[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    // the notification service as the gateway sees it (Nest's NATS reply packets)
    nc.subscribe(Rpc.notification.providerCallback.subject, {
      queue: 'notification',
      callback: (err, msg) => {
        if (err) return;
        const { id, data } = msg.json<{ id: string; data: ProviderCallbackRequest }>();
        asked.push(data);
        const answer = (r: { response: ProviderCallbackReply } | { err: ErrorBody }) => msg.respond(JSON.stringify({ id, ...r, isDisposed: true }));
        if (data.provider === 'wechat') return answer({ response: { status: 200, body: data.headers['x-wechat-echostr'] ?? 'success' } });
        if (data.provider !== 'http') return answer({ err: { code: 'NOT_FOUND', message: `message provider ${data.provider} not found`, details: [] } });
        if (data.rawBody.includes('forged')) return answer({ err: { code: 'UNAUTHORIZED', message: 'the callback was rejected: bad signature', details: [{ field: 'signature', problem: 'bad signature' }] } });
        return answer({ response: { status: 200, body: { code: 0, msg: '成功' } } });
      },
    });
    @Module({
      imports: [BusModule.forRoot({ service: 'gateway', natsUrl: nats.url, instanceId: 'gateway-callbacks-test', rpcTimeoutMs: 5_000 }), JwtModule.register({ secret: 'a-test-secret-of-enough-length-0123456789' })],
      controllers: [CallbacksController],
      providers: [
        { provide: Clock, useFactory: () => new Clock() },
        { provide: GATEWAY_ENV, useValue: { TOKEN_STATE_CACHE_MS: 5000 } },
        TokenStates,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: HttpContextInterceptor },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: httpValidationPipe },
      ],
    })
    class CallbacksGatewayModule {}
    app = await NestFactory.create<NestExpressApplication>(CallbacksGatewayModule, { rawBody: true, logger: false });
    app.setGlobalPrefix('api');
    useBodyParsers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1/callbacks`;
    sms = await startSmsHttpStub();
    wechat = await startWechatStub();
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await sms?.close();
    await wechat?.close();
    await nats?.stop();
  });

  it('passes on the exact body and only content-type and the signature headers; answers the provider\'s JSON', async () => {
    const receipts = [{ phone_number: '13812345678', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', biz_id: '1^0', out_id: 'a1', report_time: '2026-11-26 10:00:05' }];
    const signed = sms.signedCallback(receipts);
    const body = `[ ${JSON.stringify(receipts[0])} ]\n`;
    const res = await fetch(`${base}/http`, { method: 'POST', headers: { ...signed.headers, cookie: 'a=b', 'x-other': 'y', Authorization: 'Bearer z' }, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 0, msg: '成功' });
    const got = asked.at(-1);
    expect(got?.provider).toBe('http');
    expect(got?.rawBody).toBe(body);
    expect(got?.headers).toEqual({
      'content-type': 'application/json',
      'x-app-key': signed.headers['x-app-key'],
      'x-timestamp': signed.headers['x-timestamp'],
      'x-nonce': signed.headers['x-nonce'],
      'x-signature': signed.headers['x-signature'],
    });
  });

  it('a push the provider rejects: 401 in the contract\'s error shape', async () => {
    const res = await fetch(`${base}/http`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"forged":true}]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'the callback was rejected: bad signature', details: [{ field: 'signature', problem: 'bad signature' }], messageZh: expect.any(String) },
    });
  });

  it('WeChat: the XML body as received, the query\'s signature as x-wechat-* headers, `success` as text', async () => {
    const xml = '<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>2912476536393200001</MsgID><Status><![CDATA[success]]></Status></xml>';
    const res = await wechat.push(`${base}/wechat`, xml);
    expect(res).toEqual({ status: 200, text: 'success' });
    const got = asked.at(-1);
    expect(got?.rawBody).toBe(xml);
    expect(Object.keys(got?.headers ?? {}).sort()).toEqual(['content-type', 'x-wechat-nonce', 'x-wechat-signature', 'x-wechat-timestamp']);
  });

  it("WeChat's URL check (GET with echostr) is passed on with an empty body and answered as text", async () => {
    const p = wechat.signedPush('');
    const res = await fetch(`${base}/wechat?${new URLSearchParams({ ...p.query, echostr: '7385920934' }).toString()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('7385920934');
    expect(asked.at(-1)).toMatchObject({ provider: 'wechat', rawBody: '', headers: { 'x-wechat-echostr': '7385920934' } });
  });

  it('an unknown provider: 404 (a name that cannot be one is not even asked)', async () => {
    expect((await fetch(`${base}/nobody`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    const n = asked.length;
    expect((await fetch(`${base}/No%20Such`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect(asked.length).toBe(n);
  });
});
