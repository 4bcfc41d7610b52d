import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  BAD_RATING_LEVELS,
  Events,
  type CertificateCollectedV1,
  type EvaluationView,
  type EventEnvelope,
  type PadCredentialView,
  type ProvinceRatingRequest,
  type RatePadRequest,
  type RateServiceEventRequest,
  type RatingLevel,
  type RegisterPadRequest,
  type ServiceEventKind,
  type ServiceEventView,
  type SmsReplyRequest,
  type SmsReplyResult,
  type TaskDecidedV1,
} from '@yichuang/contracts';
import { normaliseMobile } from '@yichuang/domain';
import { Clock, Idempotency, OnEvent, Outbox, requireActor } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { levelOfReply } from '../rectification/rectification-rules.js';
import { RectificationService } from '../rectification/rectification.service.js';
import { view } from './rating-view.js';
import type { Evaluation } from './rating.entities.js';

/** sha256 hex: tokens, device secrets and phones are kept only as hashes (a leaked table rates nothing, names nobody) */
export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface ServiceEventRow {
  id: string;
  kind: ServiceEventKind;
  case_no: string;
  window_no: string | null;
  staff: string | null;
  department_code: string | null;
  item_code: string | null;
  occurred_at: Date;
  rated: boolean;
}

export const NOT_HAPPENED = '该服务事项尚未发生（尚未受理、审批或领证），暂不能评价';
export const ALREADY_RATED = '该服务已评价，每次服务只能评价一次';

/**
 * 一次一评: the service events of a case (受理 from intake's case.accepted, each department's 审批 from review's
 * task.decided, 领证 from certificate's collected) are a read model fed by those events; each is rated at most
 * once, on any channel: staff entering a paper score sheet, the window's pad (device secret), a one-time link
 * (SMS or the window's QR code), an SMS reply digit, or the hall's default after N days.
 */
@Injectable()
export class ServiceEventsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVALUATION_ENV) private readonly env: EvaluationEnv,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly rectifications: RectificationService,
    private readonly idempotency: Idempotency,
  ) {}

  // ---- the read model -------------------------------------------------------------------------------------

  async recordAcceptance(tx: EntityManager, e: { caseNo: string; windowNo?: string; acceptedBy: string; acceptedAt: string; phone?: string }): Promise<void> {
    const phoneHash = e.phone ? sha256(normaliseMobile(e.phone)) : null;
    await lockCase(tx, e.caseNo);
    await tx.query(`UPDATE case_ref SET phone_hash = $2 WHERE case_no = $1 AND phone_hash IS NULL`, [e.caseNo, phoneHash]);
    await this.insert(tx, `acceptance:${e.caseNo}`, 'acceptance', e.caseNo, e.windowNo ?? null, e.acceptedBy, null, null, e.acceptedAt);
    // each consumer runs on its own: a decision or hand-over heard first gets the case's window and phone now
    await tx.query(`UPDATE service_event SET window_no = coalesce(window_no, $2), phone_hash = coalesce(phone_hash, $3) WHERE case_no = $1 AND (window_no IS NULL OR phone_hash IS NULL)`, [
      e.caseNo,
      e.windowNo ?? null,
      phoneHash,
    ]);
  }

  @OnEvent({ event: Events.taskDecided })
  async onTaskDecided(e: EventEnvelope<TaskDecidedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await this.insert(tx, `decision:${d.taskId}`, 'decision', d.caseNo, null, d.decidedBy, d.departmentCode, d.itemCode, d.decidedAt);
  }

  @OnEvent({ event: Events.certificateCollected })
  async onCollected(e: EventEnvelope<CertificateCollectedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    // one hand-over event per collection (领证), at the window that handed over (events before it was carried: the
    // case's accepting window)
    await this.insert(tx, `handover:${d.certificateId}`, 'handover', d.caseNo, d.windowNo ?? null, d.collectedBy, null, null, d.collectedAt);
  }

  private async insert(tx: EntityManager, key: string, kind: ServiceEventKind, caseNo: string, windowNo: string | null, staff: string | null, dept: string | null, item: string | null, at: string): Promise<void> {
    await lockCase(tx, caseNo);
    await tx.query(
      `INSERT INTO service_event (id, source_key, kind, case_no, window_no, staff, department_code, item_code, phone_hash, occurred_at)
       SELECT $1, $2, $3, $4, coalesce($5, c.window_no), $6, $7, $8, c.phone_hash, $9 FROM (SELECT 1) one LEFT JOIN case_ref c ON c.case_no = $4
       ON CONFLICT (source_key) DO NOTHING`,
      [randomUUID(), key, kind, caseNo, windowNo, staff, dept, item, at],
    );
  }

  async ofCase(caseNo: string): Promise<ServiceEventView[]> {
    const rows = (await this.ds.query(`SELECT * FROM service_event WHERE case_no = $1 ORDER BY occurred_at, id`, [caseNo])) as ServiceEventRow[];
    const evals = (await this.ds.query(`SELECT * FROM evaluation WHERE case_no = $1 AND service_event_id IS NOT NULL`, [caseNo])) as Record<string, unknown>[];
    const byEvent = new Map(evals.map((r) => [r['service_event_id'] as string, fromRow(r)]));
    return rows.map((r) => {
      const rating = byEvent.get(r.id);
      return { ...eventView(r), ...(rating ? { evaluation: view(rating, null) } : {}) };
    });
  }

  // ---- channels --------------------------------------------------------------------------------------------

  /** A paper score sheet (纸质评价表) entered by staff: who entered it is recorded. */
  async ratePaper(req: RateServiceEventRequest): Promise<EvaluationView> {
    const actor = requireActor('clerk', 'supervisor', 'applicant');
    if (actor.roles.includes('applicant')) {
      // the applicant online (portal token): only the events of their own case; another's does not exist for them
      const [ev] = (await this.ds.query(`SELECT case_no FROM service_event WHERE id = $1`, [req.serviceEventId])) as { case_no: string }[];
      if (!ev || !actor.caseNo || ev.case_no !== actor.caseNo) throw AppError.notFound('service event');
      return this.rate(req.serviceEventId, req.level, 'online', req.comment, actor.username, null);
    }
    return this.rate(req.serviceEventId, req.level, 'paper', req.comment, actor.username, actor.username);
  }

  /** An admin registers (or replaces) the pad of a window; the secret is shown once. */
  async registerPad(req: RegisterPadRequest): Promise<PadCredentialView> {
    const actor = requireActor('admin');
    const secret = randomBytes(24).toString('base64url');
    await this.ds.query(
      `INSERT INTO pad_device (window_no, secret_hash, registered_by, registered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (window_no) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, registered_by = EXCLUDED.registered_by, registered_at = EXCLUDED.registered_at`,
      [req.windowNo, sha256(secret), actor.username, this.clock.now()],
    );
    return { windowNo: req.windowNo, deviceSecret: secret };
  }

  /** The pad of a window rates the window's current service (the latest one not rated yet, of today). */
  async ratePad(req: RatePadRequest): Promise<EvaluationView> {
    const [device] = (await this.ds.query(`SELECT secret_hash FROM pad_device WHERE window_no = $1`, [req.windowNo])) as { secret_hash: string }[];
    if (!device || device.secret_hash !== sha256(req.deviceSecret)) throw new AppError('UNAUTHORIZED', '评价器未登记或设备密钥不正确');
    const current = await this.currentOfWindow(req.windowNo);
    return this.rate(current.id, req.level, 'pad', req.comment, `pad:${req.windowNo}`, null);
  }

  /** An SMS reply: a digit 1–5 rates the latest unrated service event of that phone; anything else rates nothing. */
  async smsReply(req: SmsReplyRequest): Promise<SmsReplyResult> {
    const level = levelOfReply(req.text);
    if (!level) return { rated: false };
    const [row] = (await this.ds.query(
      `SELECT id FROM service_event WHERE phone_hash = $1 AND NOT rated ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [sha256(normaliseMobile(req.phone))],
    )) as { id: string }[];
    if (!row) return { rated: false };
    return { rated: true, evaluation: await this.rate(row.id, level, 'sms', undefined, 'sms-reply', null) };
  }

  /**
   * A rating made on the provincial 政务服务网's 好差评 (apps/exchange, once per the province's item by its
   * Idempotency-Key): the latest service of the case not yet rated — of the kind named, and the department for a
   * decision. None of that kind heard of yet: `INVALID_STATE` (the exchange tries again later); all rated:
   * `ALREADY_RATED` (一次一评). A bad one opens a rectification like any other (its outcome goes back to the province).
   */
  async rateFromProvince(req: ProvinceRatingRequest): Promise<EvaluationView> {
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'province-rating', req, async () => {
        await lockCase(tx, req.caseNo);
        const rows = (await tx.query(
          `SELECT id, rated FROM service_event WHERE case_no = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR department_code = $3)
           ORDER BY occurred_at DESC, id DESC`,
          [req.caseNo, req.service ?? null, req.departmentCode ?? null],
        )) as { id: string; rated: boolean }[];
        if (!rows.length) throw new AppError('INVALID_STATE', NOT_HAPPENED, [{ field: 'caseNo', problem: NOT_HAPPENED }]);
        const open = rows.find((r) => !r.rated);
        if (!open) throw new AppError('ALREADY_RATED', ALREADY_RATED);
        return this.rateIn(tx, open.id, req.level, 'province', req.comment, 'province', null, false);
      }),
    );
  }

  /** The periodic job: the hall's default level for events left unrated EVALUATION_DEFAULT_AFTER_DAYS days. */
  async applyDefaults(): Promise<number> {
    if (this.env.EVALUATION_DEFAULT_LEVEL === 'none') return 0;
    const cutoff = new Date(this.clock.now().getTime() - this.env.EVALUATION_DEFAULT_AFTER_DAYS * 86_400_000);
    const rows = (await this.ds.query(`SELECT id FROM service_event WHERE NOT rated AND occurred_at <= $1 ORDER BY occurred_at LIMIT 500`, [cutoff])) as { id: string }[];
    let n = 0;
    for (const r of rows) {
      await this.ds
        .transaction((tx) => this.rateIn(tx, r.id, this.env.EVALUATION_DEFAULT_LEVEL as RatingLevel, 'default', undefined, 'system', null, true))
        .then(() => n++, (e: unknown) => {
          if (!(e instanceof AppError && e.code === 'ALREADY_RATED')) throw e;
        });
    }
    return n;
  }

  // ---- rating ----------------------------------------------------------------------------------------------

  private rate(eventId: string, level: RatingLevel, channel: string, comment: string | undefined, by: string, enteredBy: string | null): Promise<EvaluationView> {
    return this.ds.transaction((tx) => this.rateIn(tx, eventId, level, channel, comment, by, enteredBy, false));
  }

  /** Rates one event in the caller's transaction (ALREADY_RATED, or INVALID_STATE for an event not heard of). */
  async rateIn(tx: EntityManager, eventId: string, level: RatingLevel, channel: string, comment: string | undefined, by: string, enteredBy: string | null, defaulted: boolean): Promise<EvaluationView> {
    // the row lock serialises two ratings of the same event: the second sees `rated`
    const [ev] = (await tx.query(`SELECT * FROM service_event WHERE id = $1 FOR UPDATE`, [eventId])) as ServiceEventRow[];
    if (!ev) throw new AppError('INVALID_STATE', NOT_HAPPENED, [{ field: 'serviceEventId', problem: NOT_HAPPENED }]);
    if (ev.rated) throw new AppError('ALREADY_RATED', ALREADY_RATED);
    const now = this.clock.now();
    const e: Evaluation = {
      id: randomUUID(),
      caseNo: ev.case_no,
      level,
      channel,
      windowNo: ev.window_no,
      comment: comment || null,
      bad: BAD_RATING_LEVELS.includes(level),
      createdBy: by,
      createdAt: now,
      serviceEventId: ev.id,
      enteredBy,
      defaulted,
    };
    // case_ref may be missing for a decision heard before the acceptance: the legacy FK wants it
    await tx.query(`INSERT INTO case_ref (case_no, window_no, accepted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [ev.case_no, ev.window_no, ev.occurred_at]);
    await tx.query(
      `INSERT INTO evaluation (id, case_no, level, channel, window_no, comment, bad, created_by, created_at, service_event_id, entered_by, defaulted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [e.id, e.caseNo, e.level, e.channel, e.windowNo, e.comment, e.bad, e.createdBy, e.createdAt, e.serviceEventId, e.enteredBy, e.defaulted],
    );
    await tx.query(`UPDATE service_event SET rated = true WHERE id = $1`, [ev.id]);
    const rect = e.bad ? await this.rectifications.open(tx, e.id, e.caseNo, ev.department_code) : null;
    await this.outbox.add(tx, Events.evaluationSubmitted, {
      evaluationId: e.id,
      caseNo: e.caseNo,
      level: e.level,
      channel: e.channel,
      submittedAt: now.toISOString(),
      serviceEventId: ev.id,
      kind: ev.kind,
      ...(ev.window_no ? { windowNo: ev.window_no } : {}),
      ...(ev.staff ? { staff: ev.staff } : {}),
      ...(ev.department_code ? { departmentCode: ev.department_code } : {}),
      ...(ev.item_code ? { itemCode: ev.item_code } : {}),
      defaulted,
      bad: e.bad,
    });
    return view(e, rect);
  }

  async event(tx: EntityManager, id: string): Promise<ServiceEventRow> {
    const [ev] = (await tx.query(`SELECT * FROM service_event WHERE id = $1`, [id])) as ServiceEventRow[];
    if (!ev) throw new AppError('INVALID_STATE', NOT_HAPPENED, [{ field: 'serviceEventId', problem: NOT_HAPPENED }]);
    return ev;
  }

  /**
   * The window's current service: its latest service event of today (China time) not rated yet, among those served at
   * the window (受理, 领证) — a department's 审批 happens in the back office and is rated by link, SMS or paper.
   */
  async currentOfWindow(windowNo: string): Promise<ServiceEventRow> {
    const [ev] = (await this.ds.query(
      `SELECT * FROM service_event WHERE window_no = $1 AND NOT rated AND kind IN ('acceptance','handover') AND (occurred_at AT TIME ZONE 'Asia/Shanghai')::date = $2::date
       ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [windowNo, this.clock.today()],
    )) as ServiceEventRow[];
    if (!ev) throw new AppError('INVALID_STATE', `窗口 ${windowNo} 当前没有待评价的服务`, [{ field: 'windowNo', problem: 'no unrated service at this window today' }]);
    return ev;
  }
}

/**
 * The consumers of case.accepted, task.decided and certificate.collected run side by side: one case's events are
 * written one at a time (a transaction lock per case), so a decision heard before the acceptance is completed by it.
 */
async function lockCase(tx: EntityManager, caseNo: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.case:' || $1))`, [caseNo]);
}

export function eventView(r: ServiceEventRow): ServiceEventView {
  return {
    id: r.id,
    kind: r.kind,
    caseNo: r.case_no,
    occurredAt: new Date(r.occurred_at).toISOString(),
    rated: r.rated,
    ...(r.window_no ? { windowNo: r.window_no } : {}),
    ...(r.staff ? { staff: r.staff } : {}),
    ...(r.department_code ? { departmentCode: r.department_code } : {}),
    ...(r.item_code ? { itemCode: r.item_code } : {}),
  };
}

function fromRow(r: Record<string, unknown>): Evaluation {
  return {
    id: r['id'] as string,
    caseNo: r['case_no'] as string,
    level: r['level'] as RatingLevel,
    channel: r['channel'] as string,
    windowNo: (r['window_no'] as string | null) ?? null,
    comment: (r['comment'] as string | null) ?? null,
    bad: r['bad'] as boolean,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Date,
    serviceEventId: (r['service_event_id'] as string | null) ?? null,
    enteredBy: (r['entered_by'] as string | null) ?? null,
    defaulted: r['defaulted'] as boolean,
  };
}
