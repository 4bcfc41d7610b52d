import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppError, BAD_RATING_LEVELS, Events, type CaseAcceptedV1, type EvaluationView, type EventEnvelope, type SubmitEvaluationRequest } from '@yichuang/contracts';
import { Clock, Idempotency, OnEvent, Outbox, requestContext } from '@yichuang/platform';
import { RectificationService } from '../rectification/rectification.service.js';
import { ServiceEventsService } from './service-events.service.js';
import { CaseRef, Evaluation, Rectification } from './rating.entities.js';
import { view } from './rating-view.js';

const ALREADY_RATED = 'this case has already been rated (一事一评)';

/** 好差评: one rating per case; a bad review opens a call-back and rectification record. */
@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
    private readonly rectifications: RectificationService,
    private readonly events: ServiceEventsService,
  ) {}

  /** Only accepted cases can be rated: remember their numbers (and the window that accepted them). */
  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO case_ref (case_no, window_no, accepted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      e.data.caseNo,
      e.data.windowNo ?? null,
      e.data.acceptedAt,
    ]);
    // 受理 is a rateable service event of its own (一次一评)
    await this.events.recordAcceptance(tx, { ...e.data, phone: e.data.applicant?.phone });
  }

  /** Rate a case once. Unknown case: NOT_FOUND; second rating: ALREADY_RATED; honours Idempotency-Key. */
  async submit(req: SubmitEvaluationRequest): Promise<EvaluationView> {
    const by = requestContext.actor()?.username ?? 'anonymous';
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'evaluation.submit', req, async () => {
        const ref = await tx.findOneBy(CaseRef, { caseNo: req.caseNo });
        if (!ref) throw AppError.notFound('case');
        if ((await tx.query(`SELECT 1 FROM evaluation WHERE case_no = $1 AND service_event_id IS NULL`, [req.caseNo])).length > 0) throw new AppError('ALREADY_RATED', ALREADY_RATED);
        const now = this.clock.now();
        const ev: Evaluation = {
          id: randomUUID(),
          caseNo: req.caseNo,
          level: req.level,
          channel: req.channel,
          windowNo: req.windowNo ?? ref.windowNo,
          comment: req.comment || null,
          bad: BAD_RATING_LEVELS.includes(req.level),
          createdBy: by,
          createdAt: now,
          serviceEventId: null,
          enteredBy: req.channel === 'paper' ? by : null,
          defaulted: false,
        };
        // a concurrent second rating waits on the unique case_no, then inserts nothing: ALREADY_RATED too
        const inserted: unknown[] = await tx.query(
          `INSERT INTO evaluation (id, case_no, level, channel, window_no, comment, bad, created_by, created_at, entered_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (case_no) WHERE service_event_id IS NULL DO NOTHING RETURNING id`,
          [ev.id, ev.caseNo, ev.level, ev.channel, ev.windowNo, ev.comment, ev.bad, ev.createdBy, ev.createdAt, ev.enteredBy],
        );
        if (inserted.length === 0) throw new AppError('ALREADY_RATED', ALREADY_RATED);
        const rectification = ev.bad ? await this.rectifications.open(tx, ev.id, ev.caseNo, null) : null;
        await this.outbox.add(tx, Events.evaluationSubmitted, {
          evaluationId: ev.id,
          caseNo: ev.caseNo,
          level: ev.level,
          channel: ev.channel,
          submittedAt: now.toISOString(),
          ...(ev.windowNo ? { windowNo: ev.windowNo } : {}),
          defaulted: false,
          bad: ev.bad,
        });
        return view(ev, rectification);
      }),
    );
  }

  /** The rating of a case (none or one), with its rectification record for a bad review. */
  async listByCase(caseNo: string): Promise<EvaluationView[]> {
    const list = await this.ds.getRepository(Evaluation).find({ where: { caseNo }, order: { createdAt: 'ASC' } });
    if (list.length === 0) return [];
    const recs = await this.ds.getRepository(Rectification).findBy({ evaluationId: In(list.map((e) => e.id)) });
    return list.map((e) => view(e, recs.find((r) => r.evaluationId === e.id) ?? null));
  }
}
