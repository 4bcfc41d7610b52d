/**
 * The platform's messaging that loses nothing (libs/platform/src/bus), against real PostgreSQL and real
 * NATS/JetStream (here because platform may not import this test library):
 * outbox → relay → JetStream (de-duplicated by message id) → durable consumer with an idempotent inbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type INestMicroservice } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Events, type CaseStatusChangedV1, type EventEnvelope } from '@yichuang/contracts';
import { loadEnv, OnEvent, Outbox, platformTablesUp, runService, ServiceEnv, ServicePlatformModule } from '@yichuang/platform';
import { eventually, publishTestEvent, readEvents, startTestInfra, type TestInfra } from './infra.js';
import { serviceClockAt, TEST_INSTANT } from './time.js';

class Init1000000000001 implements MigrationInterface {
  name = 'Init1000000000001';
  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('bustest')) await q.query(sql);
    await q.query(`CREATE TABLE bustest.seen (event_id uuid NOT NULL, case_no text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA bustest CASCADE`);
  }
}

@Injectable()
class Probe {
  constructor(
    @InjectDataSource() readonly ds: DataSource,
    readonly outbox: Outbox,
  ) {}

  /** a state change and its event, in one transaction; `fail` rolls both back */
  async change(caseNo: string, fail = false): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await this.outbox.add(tx, Events.caseStatusChanged, { caseNo, status: 'in_review', at: TEST_INSTANT });
      if (fail) throw new Error('rolled back');
    });
  }

  /** an event in the transaction and one in a savepoint inside it that rolls back */
  async changeWithFailedStep(outer: string, inner: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await this.outbox.add(tx, Events.caseStatusChanged, { caseNo: outer, status: 'in_review', at: TEST_INSTANT });
      await tx
        .transaction(async (sp) => {
          await this.outbox.add(sp, Events.caseStatusChanged, { caseNo: inner, status: 'in_review', at: TEST_INSTANT });
          throw new Error('this step failed');
        })
        .catch(() => undefined);
    });
  }

  /** always fails: parked after three deliveries */
  @OnEvent({ event: Events.evaluationSubmitted, maxDeliver: 3 })
  async onAlwaysFailing(): Promise<void> {
    throw new Error('this handler always fails');
  }

  @OnEvent({ event: Events.caseStatusChanged })
  async onChanged(e: EventEnvelope<CaseStatusChangedV1>, tx: EntityManager): Promise<void> {
    if (e.data.caseNo.startsWith('FAIL-ONCE')) {
      // outside the handler's transaction: the tries stay recorded even when the attempt rolls back
      const tries = `${e.data.caseNo}-TRY`;
      const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM seen WHERE case_no = $1`, [tries])) as { n: number }[];
      await this.ds.query(`INSERT INTO seen (event_id, case_no) VALUES ($1, $2)`, [e.id, tries]);
      if (n === 0) throw new Error('transient failure');
    }
    await tx.query(`INSERT INTO seen (event_id, case_no) VALUES ($1, $2)`, [e.id, e.data.caseNo]);
  }
}

describe('outbox, relay and idempotent consumers (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let probe: Probe;
  const count = async (caseNo: string) =>
    ((await probe.ds.query(`SELECT count(*)::int AS n FROM seen WHERE case_no = $1`, [caseNo])) as { n: number }[])[0]?.n ?? 0;

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(ServiceEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(TEST_INSTANT) });
    @Module({
      imports: [ServicePlatformModule.forRoot({ service: 'bustest', env, entities: [], migrations: [Init1000000000001] })],
      providers: [Probe],
    })
    class TestModule {}
    app = await runService('bustest', env, TestModule);
    probe = app.get(Probe);
  });

  afterAll(async () => {
    await app?.close();
    await infra?.stop();
  });

  it('publishes a committed change exactly once and the consumer handles it once', async () => {
    await probe.change('A-1');
    await eventually(async () => (await count('A-1')) === 1);
    const published = (await readEvents(infra.natsUrl, Events.caseStatusChanged)).filter((e) => e.data.caseNo === 'A-1');
    expect(published).toHaveLength(1);
    expect(published[0]?.source).toBe('bustest');
  });

  it('publishes nothing for a rolled-back change', async () => {
    await expect(probe.change('ROLLED-BACK', true)).rejects.toThrow('rolled back');
    await probe.change('AFTER-ROLLBACK');
    await eventually(async () => (await count('AFTER-ROLLBACK')) === 1);
    expect(await count('ROLLED-BACK')).toBe(0);
    const [{ n }] = (await probe.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE envelope->'data'->>'caseNo' = 'ROLLED-BACK'`)) as { n: number }[];
    expect(n).toBe(0);
  });

  it('publishes nothing written in a savepoint that rolled back, and the rest of its transaction', async () => {
    await probe.changeWithFailedStep('SP-OUTER', 'SP-INNER');
    await eventually(async () => (await count('SP-OUTER')) === 1);
    await probe.change('SP-AFTER');
    await eventually(async () => (await count('SP-AFTER')) === 1);
    expect(await count('SP-INNER')).toBe(0);
    const onStream = (await readEvents(infra.natsUrl, Events.caseStatusChanged)).map((e) => e.data.caseNo);
    expect(onStream).toEqual(expect.arrayContaining(['SP-OUTER', 'SP-AFTER']));
    expect(onStream).not.toContain('SP-INNER');
  });

  it('publishes a committed row its writer never published (the process died right after the commit)', async () => {
    // written and committed by "another process" that died before publishing: only the safety-net poll can find it
    const id = '7d4c1a52-3f0e-4b8e-9a57-2f8f0e6f3b11';
    const envelope = { id, type: Events.caseStatusChanged.subject, source: 'bustest', occurredAt: TEST_INSTANT, correlationId: id, data: { caseNo: 'ORPHAN', status: 'in_review', at: TEST_INSTANT } };
    await probe.ds.query(`INSERT INTO outbox (id, subject, envelope, created_at) VALUES ($1, $2, $3, now() - interval '5 seconds')`, [id, envelope.type, JSON.stringify(envelope)]);
    await eventually(async () => (await count('ORPHAN')) === 1);
    const [{ n }] = (await probe.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE id = $1 AND published_at IS NOT NULL`, [id])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('lets JetStream drop a republished row (relay killed between publish and mark)', async () => {
    await probe.change('REPUBLISH');
    await eventually(async () => (await count('REPUBLISH')) === 1);
    // as if the relay died before marking the row: it is published again with the same message id
    await probe.ds.query(`UPDATE outbox SET published_at = NULL WHERE envelope->'data'->>'caseNo' = 'REPUBLISH'`);
    await eventually(async () => {
      const [{ n }] = (await probe.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
      return n === 0;
    });
    const onStream = (await readEvents(infra.natsUrl, Events.caseStatusChanged)).filter((e) => e.data.caseNo === 'REPUBLISH');
    expect(onStream).toHaveLength(1);
    expect(await count('REPUBLISH')).toBe(1);
  });

  it('handles an event redelivered after the de-duplication window only once (inbox)', async () => {
    const first = await publishTestEvent(infra.natsUrl, Events.caseStatusChanged, { caseNo: 'LATE-DUP', status: 'in_review', at: TEST_INSTANT });
    await eventually(async () => (await count('LATE-DUP')) === 1);
    // same event id, new message id: JetStream keeps it (as after the window), the inbox must drop it
    await publishTestEvent(infra.natsUrl, Events.caseStatusChanged, first.data, { id: first.id, msgId: `${first.id}-again` });
    await probe.change('MARKER');
    await eventually(async () => (await count('MARKER')) === 1);
    expect(await count('LATE-DUP')).toBe(1);
  });

  it('retries a failing handler until it succeeds, committing its effects once', async () => {
    await probe.change('FAIL-ONCE');
    await eventually(async () => (await count('FAIL-ONCE')) === 1, 20_000);
    expect(await count('FAIL-ONCE-TRY')).toBe(2);
  });

  it('handles a burst of events each exactly once, in batches, a failing one on its own', async () => {
    const names = Array.from({ length: 60 }, (_, i) => (i === 30 ? 'FAIL-ONCE-IN-BURST' : `BURST-${i}`));
    await Promise.all(names.map((n) => probe.change(n)));
    await eventually(async () => {
      const [{ n }] = (await probe.ds.query(`SELECT count(*)::int AS n FROM seen WHERE case_no = ANY($1)`, [names])) as { n: number }[];
      return n === names.length;
    }, 20_000);
    for (const n of names) expect(await count(n)).toBe(1);
    // the failing one was tried in its batch (rolled back with it) and again on its own
    expect(await count('FAIL-ONCE-IN-BURST-TRY')).toBeGreaterThanOrEqual(2);
    // queued events shared transactions: fewer transactions than events
    const [{ txs }] = (await probe.ds.query(
      `SELECT count(DISTINCT p.xmin::text)::int AS txs FROM processed_event p JOIN seen s ON s.event_id = p.event_id WHERE s.case_no = ANY($1)`,
      [names],
    )) as { txs: number }[];
    expect(txs).toBeLessThan(names.length);
  });

  it('parks an event whose handler keeps failing after its maximum deliveries', async () => {
    const ev = await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, {
      evaluationId: 'e-1',
      caseNo: 'X-1',
      level: 'satisfied',
      channel: 'pad',
      submittedAt: TEST_INSTANT,
    });
    const row = await eventually(async () => {
      const rows = (await probe.ds.query(`SELECT reason FROM dead_letter WHERE event_id = $1`, [ev.id])) as { reason: string }[];
      return rows[0];
    }, 30_000);
    expect(row.reason).toMatch(/failed 3 times/);
  });

  it('parks an invalid event instead of crashing or retrying forever', async () => {
    await publishTestEvent(infra.natsUrl, Events.caseStatusChanged, { caseNo: 42 } as never);
    await eventually(async () => {
      const rows = (await probe.ds.query(`SELECT reason FROM dead_letter WHERE reason LIKE '%caseNo%'`)) as { reason: string }[];
      return rows.length === 1 ? rows : null;
    });
    await probe.change('STILL-ALIVE');
    await eventually(async () => (await count('STILL-ALIVE')) === 1);
  });
});
