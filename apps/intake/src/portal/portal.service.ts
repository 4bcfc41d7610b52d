import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Events, type PortalCaseRef, type PortalCodeReply, type PortalOverview, type PortalVerifyReply } from '@yichuang/contracts';
import { APPLICATION_STATUS_TEXT, CASE_EVENT_TEXT, CASE_STATUS_TEXT, isProvisionalDeadline, type CaseEvent } from '@yichuang/domain';
import { CalendarClient, Clock, Outbox, piiCipher, requestContext, requireActor } from '@yichuang/platform';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';
import { Application } from '../applications/application.entities.js';
import { CaseFile, CaseTimelineEntry } from '../cases/case.entities.js';
import { PUBLIC_STEPS } from '../cases/cases.service.js';
import { MaterialFilesService } from '../materials/material-files.service.js';

interface CodeRow {
  id: string;
  code_hash: string;
  attempts: number;
}

/**
 * The applicant follows their own case (申请人查询本人办件): a one-time code by SMS to the phone given on the
 * application (the applicant's or the contact's), then the gateway signs a short-lived token for that application
 * only. The code is 6 random digits, kept only as an HMAC (the PII HMAC key) of the code with its row's id, good for
 * PORTAL_CODE_TTL_MINUTES and PORTAL_CODE_MAX_ATTEMPTS tries; codes are limited per phone (one a minute,
 * PORTAL_CODES_PER_PHONE_HOUR an hour) and per client address (PORTAL_CODES_PER_ADDRESS_HOUR). Whether a phone
 * belongs to a case is never said: the answer is the same either way.
 */
@Injectable()
export class PortalService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly calendar: CalendarClient,
    private readonly files: MaterialFilesService,
  ) {}

  async requestCode(req: PortalCaseRef): Promise<PortalCodeReply> {
    const reply: PortalCodeReply = { sent: true, expiresInSeconds: this.env.PORTAL_CODE_TTL_MINUTES * 60 };
    const phoneHmac = piiCipher().hmac(req.phone);
    const address = requestContext.current()?.clientAddress ?? null;
    const now = this.clock.now();
    const hourAgo = new Date(now.getTime() - 3600_000);
    return this.ds.transaction(async (tx) => {
      // one applicant (phone) at a time, so that two requests cannot both pass the limits
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('portal-code:' || $1))`, [phoneHmac]);
      const [counts] = (await tx.query(
        `SELECT count(*) FILTER (WHERE phone_hmac = $1)::int AS phone_hour,
                count(*) FILTER (WHERE phone_hmac = $1 AND created_at > $3)::int AS phone_minute,
                count(*) FILTER (WHERE $4::text IS NOT NULL AND client_address = $4)::int AS address_hour
         FROM portal_code WHERE created_at > $2 AND (phone_hmac = $1 OR client_address = $4)`,
        [phoneHmac, hourAgo, new Date(now.getTime() - 60_000), address],
      )) as { phone_hour: number; phone_minute: number; address_hour: number }[];
      if (counts && counts.phone_minute > 0) throw this.tooMany(60, '验证码已发送，请1分钟后再重新获取');
      if (counts && counts.phone_hour >= this.env.PORTAL_CODES_PER_PHONE_HOUR) throw this.tooMany(3600, '该手机号获取验证码次数过多，请1小时后再试');
      if (counts && counts.address_hour >= this.env.PORTAL_CODES_PER_ADDRESS_HOUR) throw this.tooMany(3600, '获取验证码次数过多，请1小时后再试');
      const app = await this.find(tx, req);
      if (!app || !this.phonesOf(app).includes(req.phone)) return reply;
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await tx.query(
        `INSERT INTO portal_code (id, application_id, phone_hmac, client_address, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, app.id, phoneHmac, address, this.hash(id, code), now, new Date(now.getTime() + this.env.PORTAL_CODE_TTL_MINUTES * 60_000)],
      );
      await this.outbox.add(tx, Events.portalCodeIssued, {
        challengeId: id,
        phone: req.phone,
        code,
        minutes: this.env.PORTAL_CODE_TTL_MINUTES,
        applicationId: app.id,
        ...(app.caseNo ? { caseNo: app.caseNo } : {}),
      });
      return reply;
    });
  }

  async verifyCode(req: PortalCaseRef & { code: string }): Promise<PortalVerifyReply> {
    const now = this.clock.now();
    const outcome = await this.ds.transaction(async (tx): Promise<PortalVerifyReply | { left: number }> => {
      const app = await this.find(tx, req);
      if (!app) return { left: 0 };
      const [row] = (await tx.query(
        `SELECT id, code_hash, attempts FROM portal_code
         WHERE application_id = $1 AND phone_hmac = $2 AND used_at IS NULL AND expires_at > $3
         ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
        [app.id, piiCipher().hmac(req.phone), now],
      )) as CodeRow[];
      if (!row || row.attempts >= this.env.PORTAL_CODE_MAX_ATTEMPTS) return { left: 0 };
      const given = Buffer.from(this.hash(row.id, req.code));
      const ok = given.length === row.code_hash.length && timingSafeEqual(given, Buffer.from(row.code_hash));
      if (!ok) {
        await tx.query(`UPDATE portal_code SET attempts = attempts + 1 WHERE id = $1`, [row.id]);
        return { left: this.env.PORTAL_CODE_MAX_ATTEMPTS - row.attempts - 1 };
      }
      await tx.query(`UPDATE portal_code SET used_at = $2 WHERE id = $1`, [row.id, now]);
      return { applicationId: app.id, ...(app.caseNo ? { caseNo: app.caseNo } : {}) };
    });
    if ('left' in outcome) {
      const problemZh = outcome.left > 0 ? `验证码错误，还可尝试${outcome.left}次` : '验证码错误、已过期或已失效，请重新获取验证码';
      throw new AppError('CODE_INVALID', 'the code is wrong, expired or spent', [{ field: 'code', problem: 'wrong, expired or spent', attemptsLeft: outcome.left, problemZh }]);
    }
    return outcome;
  }

  /** The applicant's own application and case (their token names it; nothing else is reachable). */
  async overview(): Promise<PortalOverview> {
    const actor = requireActor('applicant');
    if (!actor.applicationId) throw AppError.notFound('application');
    const app = await this.ds.getRepository(Application).findOneBy({ id: actor.applicationId });
    if (!app) throw AppError.notFound('application');
    const c = app.caseNo ? await this.ds.getRepository(CaseFile).findOneBy({ caseNo: app.caseNo }) : null;
    const timeline = c ? await this.ds.getRepository(CaseTimelineEntry).find({ where: { caseNo: c.caseNo }, order: { seq: 'ASC' } }) : [];
    const files = await this.files.ofApplication(this.ds.manager, app.id, app.items);
    const seen = new Set<string>();
    const materials = app.items
      .flatMap((i) => i.materials)
      .filter((m) => (seen.has(m.code) ? false : (seen.add(m.code), true)))
      .map((m) => ({ code: m.code, name: m.name, required: m.required, files: files.filter((f) => f.materialCode === m.code) }));
    const calendar = c ? await this.calendar.calendar().catch(() => undefined) : undefined;
    return {
      applicationId: app.id,
      applicationStatus: app.status,
      ...(c ? { caseNo: c.caseNo, caseStatus: c.status } : {}),
      statusText: c ? CASE_STATUS_TEXT[c.status] : APPLICATION_STATUS_TEXT[app.status],
      stage: app.stage,
      project: { code: app.project.code, name: app.project.name },
      applicant: { name: app.applicant.name, phone: app.applicant.phone },
      submittedAt: app.createdAt.toISOString(),
      ...(c
        ? {
            acceptedAt: c.acceptedAt.toISOString(),
            promisedDueDate: c.promisedDueDate,
            promisedDueDateProvisional: isProvisionalDeadline(calendar, c.acceptedDate, c.promisedDueDate),
          }
        : {}),
      materials,
      timeline: timeline
        .filter((t) => PUBLIC_STEPS.has(t.event))
        .map((t) => ({ at: t.at.toISOString(), step: CASE_EVENT_TEXT[t.event as CaseEvent], ...(t.detail ? { detail: t.detail } : {}) })),
    };
  }

  private async find(m: EntityManager, ref: PortalCaseRef): Promise<Application | null> {
    const repo = m.getRepository(Application);
    if (ref.caseNo) return repo.findOneBy({ caseNo: ref.caseNo });
    if (ref.applicationId) return repo.findOneBy({ id: ref.applicationId });
    return null;
  }

  private phonesOf(app: Application): string[] {
    return [app.applicant.phone, app.applicant.contact?.phone].filter((p): p is string => typeof p === 'string');
  }

  private hash(id: string, code: string): string {
    return piiCipher().hmac(`portal-code:${id}:${code}`);
  }

  private tooMany(seconds: number, problemZh: string): AppError {
    return new AppError('TOO_MANY_REQUESTS', 'too many codes requested', [{ field: 'phone', problem: 'too many codes requested', retryAfterSeconds: seconds, problemZh }]);
  }
}
