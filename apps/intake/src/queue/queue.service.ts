import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  QUEUE_CATEGORIES,
  Rpc,
  type IssueTicketRequest,
  type QueueBoard,
  type QueueCategory,
  type QueueStats,
  type TicketCalled,
  type TicketIssued,
  type TicketStatus,
  type TransferTicketRequest,
  type WaitingTicketsReply,
  type WaitingTicketsRequest,
  type WindowView,
  type Actor,
} from '@yichuang/contracts';
import { Clock, NATS_CONNECTION, nextGapFree, Outbox, requireActor, RpcClient, type NatsConnection } from '@yichuang/platform';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

/**
 * The window clerk (or consultation clerk) acting: bound to one window by the account (the actor's `window`),
 * and only for it (FORBIDDEN with a `scope: 'window'` detail, whose Chinese text names the window).
 */
export function windowClerk(): Actor & { window: string } {
  const actor = requireActor('clerk', 'consultant');
  if (!actor.window) throw new AppError('FORBIDDEN', 'the account is bound to no window', [{ field: 'windowNo', problem: 'the account is bound to no window', scope: 'window' }]);
  return { ...actor, window: actor.window };
}

/** Refused unless `windowNo` is the caller's own window. */
export function ownWindow(actor: Actor & { window: string }, windowNo: string | null | undefined, field = 'windowNo'): void {
  if (windowNo !== actor.window) {
    throw new AppError('FORBIDDEN', `the account is bound to window ${actor.window}, not ${windowNo ?? 'another'}`, [
      { field, problem: `only window ${actor.window}`, scope: 'window', window: actor.window },
    ]);
  }
}

const PREFIX: Record<QueueCategory, string> = { stage1: 'A', stage2: 'B', stage3: 'C', stage4: 'D', consult: 'Z', pickup: 'P' };

interface TicketRow {
  id: string;
  ticket_no: string;
  category: QueueCategory;
  status: TicketStatus;
  window_no: string | null;
  target_window: string | null;
  call_count: number;
  phone: string | null;
  near_notified: boolean;
}

/**
 * 排队叫号: tickets per category and day, priority tickets first, windows calling the categories they
 * serve, recall and no-show after a configurable number of calls, transfer, waiting and service times.
 */
@Injectable()
export class QueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  /**
   * the hall's active windows from admin, kept a minute (`at`: performance.now(), elapsed time only) and dropped at
   * once when the administrator changes the hall (`hall.changed`, a plain subscription heard by every instance)
   */
  private windows?: { at: number; list: WindowView[] };
  private hallChanges?: Subscription;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
    private readonly rpc: RpcClient,
    private readonly outbox: Outbox,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.hallChanges = this.nc.subscribe(Events.hallChanged.subject, { callback: () => (this.windows = undefined) });
  }

  onApplicationShutdown(): void {
    this.hallChanges?.unsubscribe();
  }

  async issue(req: IssueTicketRequest): Promise<TicketIssued> {
    const day = this.clock.today();
    const now = this.clock.now();
    return this.ds.transaction(async (tx) => {
      const prefix = PREFIX[req.category];
      const seq = await nextGapFree(tx, 'queue_sequence', { day, prefix });
      const ticketNo = `${prefix}${String(seq).padStart(3, '0')}`;
      const id = randomUUID();
      await tx.query(
        `INSERT INTO queue_ticket (id, day, ticket_no, category, priority, phone, status, issued_at) VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7)`,
        [id, day, ticketNo, req.category, req.priority ?? null, req.phone ?? null, now],
      );
      await this.outbox.add(tx, Events.ticketIssued, {
        ticketId: id,
        ticketNo,
        day,
        category: req.category,
        ...(req.priority ? { priority: req.priority } : {}),
        issuedAt: now.toISOString(),
      });
      const ahead = await this.aheadOf(tx, day, req.category, req.priority ?? null, now);
      return { ticketNo, category: req.category, waitingAhead: ahead, issuedAt: now.toISOString(), ...(req.priority ? { priority: req.priority } : {}) };
    });
  }

  /** The window finishes its current ticket and calls the next one of the categories it serves. */
  async callNext(windowNo: string): Promise<TicketCalled | null> {
    const clerk = windowClerk();
    ownWindow(clerk, windowNo);
    const window = await this.window(windowNo);
    const day = this.clock.today();
    const now = this.clock.now();
    const called = await this.ds.transaction(async (tx) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count]
      const [finished] = (await tx.query(
        `UPDATE queue_ticket SET status = 'done', finished_at = $3 WHERE day = $1 AND window_no = $2 AND status IN ('called','serving') RETURNING id, ticket_no`,
        [day, windowNo, now],
      )) as [{ id: string; ticket_no: string }[], number];
      for (const t of finished) {
        await this.outbox.add(tx, Events.ticketFinished, { ticketId: t.id, ticketNo: t.ticket_no, day, outcome: 'done', windowNo, finishedAt: now.toISOString() });
      }
      const [next] = (await tx.query(
        `SELECT id, ticket_no, category FROM queue_ticket
         WHERE day = $1 AND status = 'waiting' AND category = ANY($2) AND (target_window IS NULL OR target_window = $3)
         ORDER BY (target_window = $3) DESC NULLS LAST, (priority IS NOT NULL) DESC, issued_at, ticket_no
         LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [day, window.categories, windowNo],
      )) as { id: string; ticket_no: string; category: QueueCategory }[];
      if (!next) return null;
      await tx.query(`UPDATE queue_ticket SET status = 'called', window_no = $2, call_count = 1, called_at = $3, target_window = NULL WHERE id = $1`, [next.id, windowNo, now]);
      await this.outbox.add(tx, Events.ticketCalled, {
        ticketId: next.id,
        ticketNo: next.ticket_no,
        day,
        category: next.category,
        windowNo,
        calledBy: clerk.username,
        callCount: 1,
        calledAt: now.toISOString(),
      });
      await this.notifyNear(tx, day, next.category);
      return { ticketNo: next.ticket_no, category: next.category, windowNo, callCount: 1, status: 'called' as const };
    });
    return called;
  }

  /** Call the same ticket again; after QUEUE_NO_SHOW_AFTER calls it is marked a no-show. */
  async recall(ticketNo: string): Promise<TicketCalled> {
    const actor = windowClerk();
    const day = this.clock.today();
    return this.ds.transaction(async (tx) => {
      const t = await this.lock(tx, day, ticketNo);
      if (t.status !== 'called') throw new AppError('INVALID_STATE', `ticket ${ticketNo} is ${t.status}, not being called`);
      ownWindow(actor, t.window_no, 'ticketNo');
      const calls = t.call_count + 1;
      const status: TicketStatus = calls > this.env.QUEUE_NO_SHOW_AFTER ? 'no_show' : 'called';
      const now = this.clock.now();
      await tx.query(`UPDATE queue_ticket SET call_count = $2, status = $3, called_at = CASE WHEN $3 = 'called' THEN $4 ELSE called_at END, finished_at = CASE WHEN $3 = 'no_show' THEN $4 ELSE NULL END WHERE id = $1`, [
        t.id,
        calls,
        status,
        now,
      ]);
      if (status === 'no_show') {
        await this.outbox.add(tx, Events.ticketFinished, { ticketId: t.id, ticketNo, day, outcome: 'no_show', ...(t.window_no ? { windowNo: t.window_no } : {}), finishedAt: now.toISOString() });
      } else {
        await this.outbox.add(tx, Events.ticketCalled, {
          ticketId: t.id,
          ticketNo,
          day,
          category: t.category,
          windowNo: t.window_no ?? '',
          calledBy: actor.username,
          callCount: calls,
          calledAt: now.toISOString(),
        });
      }
      return { ticketNo, category: t.category, windowNo: t.window_no ?? '', callCount: calls, status };
    });
  }

  async noShow(ticketNo: string): Promise<TicketCalled> {
    const actor = windowClerk();
    const own = await this.window(actor.window);
    const day = this.clock.today();
    return this.ds.transaction(async (tx) => {
      const t = await this.lock(tx, day, ticketNo);
      if (t.status !== 'called' && t.status !== 'waiting') throw new AppError('INVALID_STATE', `ticket ${ticketNo} is ${t.status}`);
      this.mayHandle(actor, own, t);
      const now = this.clock.now();
      await tx.query(`UPDATE queue_ticket SET status = 'no_show', finished_at = $2 WHERE id = $1`, [t.id, now]);
      await this.outbox.add(tx, Events.ticketFinished, { ticketId: t.id, ticketNo, day, outcome: 'no_show', ...(t.window_no ? { windowNo: t.window_no } : {}), finishedAt: now.toISOString() });
      return { ticketNo, category: t.category, windowNo: t.window_no ?? '', callCount: t.call_count, status: 'no_show' as const };
    });
  }

  /** Send a ticket to another category or window; it waits again, keeping its place in time. */
  async transfer(req: TransferTicketRequest): Promise<TicketIssued> {
    const actor = windowClerk();
    const own = await this.window(actor.window);
    if (!req.category && !req.windowNo) throw new AppError('VALIDATION_FAILED', 'give a category or a window', [{ field: 'category', problem: 'category or windowNo is required' }]);
    const day = this.clock.today();
    const target = req.windowNo ? await this.window(req.windowNo) : undefined;
    const category = req.category ?? (target?.categories[0] as QueueCategory | undefined);
    if (!category) throw new AppError('VALIDATION_FAILED', 'the window calls no category', [{ field: 'windowNo', problem: 'serves no queue category' }]);
    if (target && !target.categories.includes(category)) {
      throw new AppError('VALIDATION_FAILED', `window ${target.no} does not call ${category}`, [{ field: 'category', problem: `not served by window ${target.no}` }]);
    }
    return this.ds.transaction(async (tx) => {
      const t = await this.lock(tx, day, req.ticketNo);
      if (t.status === 'done' || t.status === 'no_show') throw new AppError('INVALID_STATE', `ticket ${req.ticketNo} is ${t.status}`);
      this.mayHandle(actor, own, t);
      await tx.query(
        `UPDATE queue_ticket SET status = 'waiting', category = $2, target_window = $3, window_no = NULL, call_count = 0, called_at = NULL,
         transferred_from = coalesce(window_no, category) WHERE id = $1`,
        [t.id, category, req.windowNo ?? null],
      );
      const [row] = (await tx.query(`SELECT issued_at, priority FROM queue_ticket WHERE id = $1`, [t.id])) as { issued_at: Date; priority: string | null }[];
      const ahead = await this.aheadOf(tx, day, category, row?.priority ?? null, row?.issued_at ?? this.clock.now());
      return { ticketNo: req.ticketNo, category, waitingAhead: ahead, issuedAt: (row?.issued_at ?? this.clock.now()).toISOString() };
    });
  }

  async board(): Promise<QueueBoard> {
    const day = this.clock.today();
    const calling = (await this.ds.query(
      `SELECT ticket_no, window_no, called_at FROM queue_ticket WHERE day = $1 AND status IN ('called','serving') ORDER BY called_at DESC LIMIT 20`,
      [day],
    )) as { ticket_no: string; window_no: string; called_at: Date }[];
    const counts = (await this.ds.query(`SELECT category, count(*)::int AS n FROM queue_ticket WHERE day = $1 AND status = 'waiting' GROUP BY category`, [day])) as {
      category: QueueCategory;
      n: number;
    }[];
    const waiting = Object.fromEntries(QUEUE_CATEGORIES.map((c) => [c, counts.find((x) => x.category === c)?.n ?? 0])) as Record<QueueCategory, number>;
    return { calling: calling.map((c) => ({ ticketNo: c.ticket_no, windowNo: c.window_no, calledAt: c.called_at.toISOString() })), waiting };
  }

  async stats(day = this.clock.today()): Promise<QueueStats> {
    const rows = (await this.ds.query(
      `SELECT category, count(*)::int AS issued,
         count(*) FILTER (WHERE status = 'done')::int AS served,
         count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
         count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
         avg(extract(epoch FROM called_at - issued_at)) FILTER (WHERE called_at IS NOT NULL) AS avg_wait,
         avg(extract(epoch FROM finished_at - called_at)) FILTER (WHERE status = 'done') AS avg_service
       FROM queue_ticket WHERE day = $1 GROUP BY category`,
      [day],
    )) as { category: QueueCategory; issued: number; served: number; no_show: number; waiting: number; avg_wait: string | null; avg_service: string | null }[];
    return {
      day,
      categories: QUEUE_CATEGORIES.map((category) => {
        const r = rows.find((x) => x.category === category);
        return {
          category,
          issued: r?.issued ?? 0,
          served: r?.served ?? 0,
          noShow: r?.no_show ?? 0,
          waiting: r?.waiting ?? 0,
          avgWaitSeconds: r?.avg_wait ? Math.round(Number(r.avg_wait)) : null,
          avgServiceSeconds: r?.avg_service ? Math.round(Number(r.avg_service)) : null,
        };
      }),
    };
  }

  /** Today's tickets waiting that were sent to the window, or wait (sent nowhere) in these categories: admin asks before retiring a window. */
  async waiting(req: WaitingTicketsRequest): Promise<WaitingTicketsReply> {
    const day = this.clock.today();
    const rows = (await this.ds.query(
      `SELECT ticket_no, category, target_window FROM queue_ticket
       WHERE day = $1 AND status = 'waiting' AND (target_window = $2 OR (target_window IS NULL AND category = ANY($3)))
       ORDER BY issued_at, ticket_no`,
      [day, req.windowNo, req.categories],
    )) as { ticket_no: string; category: QueueCategory; target_window: string | null }[];
    return {
      day,
      sentToWindow: rows.filter((r) => r.target_window === req.windowNo).map((r) => ({ ticketNo: r.ticket_no, category: r.category })),
      inCategories: rows.filter((r) => r.target_window === null).map((r) => ({ ticketNo: r.ticket_no, category: r.category })),
    };
  }

  /** Link today's ticket to the application it led to (an unknown ticket is refused). */
  async linkApplication(tx: EntityManager, ticketNo: string, applicationId: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count]
    const day = this.clock.today();
    const [rows] = (await tx.query(`UPDATE queue_ticket SET application_id = $3 WHERE day = $1 AND ticket_no = $2 RETURNING id`, [day, ticketNo, applicationId])) as [{ id: string }[], number];
    for (const t of rows) {
      await this.outbox.add(tx, Events.ticketLinked, { ticketId: t.id, ticketNo, day, applicationId, linkedAt: this.clock.now().toISOString() });
    }
    return rows.length > 0;
  }

  private async aheadOf(tx: EntityManager, day: string, category: QueueCategory, priority: string | null, issuedAt: Date): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS n FROM queue_ticket WHERE day = $1 AND category = $2 AND status = 'waiting'
       AND ((priority IS NOT NULL AND $3::text IS NULL) OR ((priority IS NOT NULL) = ($3::text IS NOT NULL) AND issued_at < $4))`,
      [day, category, priority, issuedAt],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** SMS to those who asked for it when only a few people remain ahead of them (once per ticket). */
  private async notifyNear(tx: EntityManager, day: string, category: QueueCategory): Promise<void> {
    const waiting = (await tx.query(
      `SELECT id, ticket_no, phone, near_notified FROM queue_ticket WHERE day = $1 AND category = $2 AND status = 'waiting'
       ORDER BY (priority IS NOT NULL) DESC, issued_at, ticket_no LIMIT $3`,
      [day, category, this.env.QUEUE_NEAR_AHEAD + 1],
    )) as { id: string; ticket_no: string; phone: string | null; near_notified: boolean }[];
    for (const [ahead, t] of waiting.entries()) {
      if (!t.phone || t.near_notified) continue;
      await tx.query(`UPDATE queue_ticket SET near_notified = true WHERE id = $1`, [t.id]);
      await this.outbox.add(tx, Events.turnNear, { ticketId: t.id, ticketNo: t.ticket_no, phone: t.phone, category, ahead });
    }
  }

  /**
   * A window handles the tickets it called, and tickets still waiting for it: sent to it, or of a category it calls
   * and sent to no particular window. Another window's ticket is refused (FORBIDDEN, scope window).
   */
  private mayHandle(actor: Actor & { window: string }, own: WindowView, t: TicketRow): void {
    if (t.window_no) return ownWindow(actor, t.window_no, 'ticketNo');
    if (t.target_window) return ownWindow(actor, t.target_window, 'ticketNo');
    if (!own.categories.includes(t.category)) ownWindow(actor, null, 'ticketNo');
  }

  private async lock(tx: EntityManager, day: string, ticketNo: string): Promise<TicketRow> {
    const [t] = (await tx.query(
      `SELECT id, ticket_no, category, status, window_no, target_window, call_count, phone, near_notified FROM queue_ticket WHERE day = $1 AND ticket_no = $2 FOR UPDATE`,
      [day, ticketNo],
    )) as TicketRow[];
    if (!t) throw AppError.notFound('ticket');
    return t;
  }

  private async window(no: string): Promise<WindowView> {
    if (!this.windows || performance.now() - this.windows.at > 60_000) {
      this.windows = { at: performance.now(), list: await this.rpc.request(Rpc.admin.listWindows, {}) };
    }
    const w = this.windows.list.find((x) => x.no === no);
    if (!w) throw new AppError('VALIDATION_FAILED', `unknown window ${no}`, [{ field: 'windowNo', problem: `窗口 ${no} 不存在或已停用` }]);
    return w;
  }
}
