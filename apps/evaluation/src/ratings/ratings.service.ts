import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Events, type CaseAcceptedV1, type EvaluationView, type EventEnvelope, type SubmitEvaluationRequest } from '@yichuang/contracts';
import { Idempotency, OnEvent, Outbox, requestContext } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { CaseRef, Evaluation, Rectification } from './rating.entities.js';

const BAD = new Set(['dissatisfied', 'very_dissatisfied']);

/** 好差评: one rating per case; a bad review opens a call-back and rectification record. */
@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVALUATION_ENV) private readonly env: EvaluationEnv,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
  ) {}

  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO case_ref (case_no, window_no, accepted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      e.data.caseNo,
      e.data.windowNo ?? null,
      e.data.acceptedAt,
    ]);
  }

  async submit(req: SubmitEvaluationRequest): Promise<EvaluationView> {
    const by = requestContext.actor()?.username ?? 'anonymous';
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'evaluation.submit', req, async () => {
        const ref = await tx.findOneBy(CaseRef, { caseNo: req.caseNo });
        if (!ref) throw AppError.notFound('case');
        const existing = await tx.findOneBy(Evaluation, { caseNo: req.caseNo });
        if (existing) throw new AppError('ALREADY_RATED', 'this case has already been rated (一事一评)');
        const now = new Date();
        const ev = {
          id: randomUUID(),
          caseNo: req.caseNo,
          level: req.level,
          channel: req.channel,
          windowNo: req.windowNo ?? ref.windowNo,
          comment: req.comment ?? null,
          bad: BAD.has(req.level),
          createdBy: by,
          createdAt: now,
        };
        // a concurrent second rating fails on the unique case_no: answer it as ALREADY_RATED
        const inserted: unknown[] = await tx.query(
          `INSERT INTO evaluation (id, case_no, level, channel, window_no, comment, bad, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_no) DO NOTHING RETURNING id`,
          [ev.id, ev.caseNo, ev.level, ev.channel, ev.windowNo, ev.comment, ev.bad, ev.createdBy, ev.createdAt],
        );
        if (inserted.length === 0) throw new AppError('ALREADY_RATED', 'this case has already been rated (一事一评)');
        if (ev.bad) {
          await tx.insert(Rectification, {
            evaluationId: ev.id,
            status: 'pending_callback',
            dueAt: new Date(now.getTime() + this.env.BAD_REVIEW_CALLBACK_DAYS * 86_400_000),
            handler: null,
          });
        }
        await this.outbox.add(tx, Events.evaluationSubmitted, {
          evaluationId: ev.id,
          caseNo: ev.caseNo,
          level: ev.level,
          channel: ev.channel,
          submittedAt: now.toISOString(),
        });
        return { id: ev.id, caseNo: ev.caseNo, level: ev.level, channel: ev.channel, bad: ev.bad, createdAt: now.toISOString() };
      }),
    );
  }
}
