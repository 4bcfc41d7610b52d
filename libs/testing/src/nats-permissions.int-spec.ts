/**
 * deploy/nats/nats-server.conf, run by a real nats-server: a department's credentials are refused on
 * another department's subjects, and the services keep what they need.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { canConnect, findNatsServer, freePort } from '@yichuang/platform';
import { testConfig } from './config.js';
import { natsConfPasswords } from './infra.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
describe('NATS permissions of deploy/nats/nats-server.conf', () => {
  let server: ChildProcess;
  let dir: string;
  let url: string;
  const conns: NatsConnection[] = [];

  const as = async (user: string): Promise<NatsConnection> => {
    const nc = await connect({ servers: url, user, pass: `pw-${user}` });
    conns.push(nc);
    return nc;
  };

  beforeAll(async () => {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server is needed for this test (apt-get install nats-server)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'yc-nats-perm-'));
    const port = await freePort();
    const conf = readFileSync(path.join(root, 'deploy', 'nats', 'nats-server.conf'), 'utf8')
      .replace('listen: 127.0.0.1:4222', `listen: 127.0.0.1:${port}`)
      .replace('store_dir: /var/lib/nats-server', `store_dir: "${path.join(dir, 'js')}"`);
    writeFileSync(path.join(dir, 'nats.conf'), conf);
    const env = natsConfPasswords(conf);
    server = spawn(bin, ['-c', path.join(dir, 'nats.conf')], { env: { ...testConfig.processEnv, ...env }, stdio: 'ignore' });
    url = `nats://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await canConnect('127.0.0.1', port, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    for (const c of conns) await c.close().catch(() => undefined);
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a department's credentials on another department's subject", async () => {
    const fgw = await as('dept_fgw');
    const errors: string[] = [];
    void (async () => {
      for await (const s of fgw.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error ?? s.type));
    })();
    fgw.publish('yc.dept.ZRZY.task.decide.v1', JSON.stringify({ id: 'x', outcome: 'approve' }));
    await expect(fgw.request('yc.dept.ZRZY.task.decide.v1', '{}', { timeout: 1000 })).rejects.toThrow(/permission/i);
    await fgw.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.join(' ')).toMatch(/permission/i);
  });

  it('lets the review service hear a department request, and the department hear the answer', async () => {
    const review = await as('review');
    const zrzy = await as('dept_zrzy');
    review.subscribe('yc.dept.*.task.decide.v1', {
      callback: (_e, m) => {
        m.respond(JSON.stringify({ ok: true, subject: m.subject }));
      },
    });
    await review.flush();
    const reply = await zrzy.request('yc.dept.ZRZY.task.decide.v1', '{}', { timeout: 2000 });
    expect(reply.json()).toEqual({ ok: true, subject: 'yc.dept.ZRZY.task.decide.v1' });
  });

  it('does not let a department system send requests to the services directly', async () => {
    const zrzy = await as('dept_zrzy');
    await expect(zrzy.request('yc.rpc.review.task.decide.v1', '{}', { timeout: 1000 })).rejects.toThrow(/permission/i);
  });

  it("lets the services with a calendar or catalogue copy hear the administrator's changes at once, and no department", async () => {
    const admin = await as('admin');
    const heard: string[] = [];
    const refused: string[] = [];
    for (const user of ['intake', 'review', 'certificate', 'notification', 'evaluation', 'statistics', 'exchange', 'dept_fgw']) {
      const nc = await as(user);
      nc.subscribe('yc.evt.admin.>', { callback: (err, m) => (err ? refused.push(`${user} ${err.message}`) : heard.push(`${user} ${m.subject}`)) });
      await nc.flush();
    }
    admin.publish('yc.evt.admin.catalog.changed.v1', '{}');
    await admin.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.sort()).toEqual(['certificate', 'evaluation', 'exchange', 'intake', 'notification', 'review', 'statistics'].map((u) => `${u} yc.evt.admin.catalog.changed.v1`));
    expect(refused).toEqual([expect.stringMatching(/^dept_fgw .*permission/i)]);
  });

  it("lets the gateway hear the task and case events its push channel is fed by, and nothing else of the stream", async () => {
    const intake = await as('intake');
    const gateway = await as('gateway');
    const heard: string[] = [];
    const refused: string[] = [];
    for (const subject of ['yc.evt.review.tasks.created.v1', 'yc.evt.intake.case.accepted.v1', 'yc.evt.certificate.collected.v1', 'yc.evt.notification.message.sent.v1']) {
      gateway.subscribe(subject, { callback: (err, m) => (err ? refused.push(subject) : heard.push(m.subject)) });
    }
    await gateway.flush();
    for (const subject of ['yc.evt.review.tasks.created.v1', 'yc.evt.intake.case.accepted.v1', 'yc.evt.certificate.collected.v1']) intake.publish(subject, '{}');
    await intake.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.sort()).toEqual(['yc.evt.certificate.collected.v1', 'yc.evt.intake.case.accepted.v1', 'yc.evt.review.tasks.created.v1']);
    // an SMS's event names a phone: not the gateway's to hear
    expect(refused).toEqual(['yc.evt.notification.message.sent.v1']);
  });

  it('does not let a service be impersonated with a wrong password', async () => {
    await expect(connect({ servers: url, user: 'review', pass: 'wrong' })).rejects.toThrow(/authoriz/i);
  });
});
