/**
 * deploy/nats/cluster.conf, three real nats-servers on loopback: they form one cluster with the users of
 * nats-server.conf, the events stream is placed on all three (EVENTS_STREAM_REPLICAS=3; a stream made with one replica
 * is raised), and losing any one node — the stream's leader, killed with SIGKILL — loses no event and stops no
 * publisher for longer than an election.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureEventsStream, EVENTS_STREAM, startNatsCluster, type RunningNatsCluster } from '@yichuang/platform';
import { eventually } from './infra.js';
import { natsConfPasswords } from './infra.js';

const natsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'nats');

describe('the NATS cluster of deploy/nats/cluster.conf (three real servers)', () => {
  let cluster: RunningNatsCluster;
  let nc: NatsConnection;

  beforeAll(async () => {
    cluster = await startNatsCluster(natsDir, natsConfPasswords(readFileSync(path.join(natsDir, 'nats-server.conf'), 'utf8')));
    nc = await connect({ servers: cluster.url.split(','), user: 'intake', pass: 'pw-intake', maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    // JetStream answers once the three have elected a metadata leader
    await eventually(async () => (await jetstreamManager(nc)).getAccountInfo().then(() => true).catch(() => false), 30_000, 200);
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await cluster?.stop();
  });

  it('raises a one-replica events stream to three', async () => {
    await ensureEventsStream(nc, 30, 1);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(EVENTS_STREAM)).config.num_replicas).toBe(1);
    await ensureEventsStream(nc, 30, 3);
    const info = await eventually(async () => ((i) => (i.cluster?.replicas?.length === 2 ? i : null))(await jsm.streams.info(EVENTS_STREAM)), 30_000, 200);
    expect(info.config.num_replicas).toBe(3);
    // a service configured for one server does not shrink it
    await ensureEventsStream(nc, 30, 1);
    expect((await jsm.streams.info(EVENTS_STREAM)).config.num_replicas).toBe(3);
  }, 60_000);

  it("keeps every event when the stream's leader is killed, and the node catches up when it is back", async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const subject = 'yc.evt.intake.case.status-changed.v1';
    for (let i = 0; i < 20; i++) await js.publish(subject, JSON.stringify({ n: i }), { msgID: `before-${i}` });
    const leader = (await jsm.streams.info(EVENTS_STREAM)).cluster?.leader;
    const node = cluster.nodes.find((n) => n.name === leader);
    expect(node).toBeDefined();
    await node?.stop(true);
    // publishing goes on once the other two have elected a leader (a publish retried with the same id is kept once)
    for (let i = 0; i < 20; i++) {
      await eventually(
        () =>
          js.publish(subject, JSON.stringify({ n: 20 + i }), { msgID: `after-${i}`, timeout: 2000 }).then(
            () => true,
            () => false,
          ),
        30_000,
        100,
      );
    }
    await js.publish(subject, JSON.stringify({ n: 19 }), { msgID: 'after-19' }); // the same id again: dropped
    // the cluster's metadata leader may have been on the killed node too: the API answers once a new one is elected
    // (adding the same durable again is idempotent)
    await eventually(
      () =>
        jsm.consumers.add(EVENTS_STREAM, { durable_name: 'cluster_check', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: subject }).then(
          () => true,
          () => false,
        ),
      30_000,
      200,
    );
    const seen: number[] = [];
    await eventually(
      async () => {
        const consumer = await js.consumers.get(EVENTS_STREAM, 'cluster_check');
        const messages = await consumer.fetch({ max_messages: 100, expires: 2000 });
        for await (const m of messages) {
          seen.push(m.json<{ n: number }>().n);
          m.ack();
        }
        return seen.length >= 40 ? true : null;
      },
      30_000,
      100,
    );
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // back: it catches up and is a current replica again
    await node?.start();
    await eventually(async () => {
      const info = await jsm.streams.info(EVENTS_STREAM);
      return info.cluster?.replicas?.length === 2 && info.cluster.replicas.every((r) => r.current) ? info : null;
    }, 60_000, 250);
  }, 120_000);
});
