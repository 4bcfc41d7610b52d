import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type EvaluationView,
  type EventEnvelope,
  type IssueRatingLinkRequest,
  type RateByLinkRequest,
  type RatingInvitationCreatedV1,
  type RatingLevel,
  type RatingLinkInfoView,
  type RatingLinkRequest,
  type RatingLinkView,
  type SmsRepliedV1,
} from '@yichuang/contracts';
import { Clock, OnEvent, requireActor } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { levelOfReply } from '../rectification/rectification-rules.js';
import { ALREADY_RATED, eventView, NOT_HAPPENED, ServiceEventsService, sha256, type ServiceEventRow } from './service-events.service.js';

interface LinkRow {
  token_hash: string;
  /** a link for one event (issued by staff, QR) … */
  service_event_id: string | null;
  /** … or a completion SMS's: the decisions of these items of the case (none named: all its decisions) */
  case_no: string | null;
  item_codes: string[] | null;
  channel: 'online' | 'qr';
  expires_at: Date;
  used_at: Date | null;
}

const USED = '该评价链接已使用过，不能再次评价';
const EXPIRED = '该评价链接已过期';
const CHOOSE = '该链接包含多项服务，请选择要评价的服务';

/**
 * One-time rating links (no login): issued by staff for one service event or a window's current service (QR), or
 * made by notification for a completion SMS (`rating-invitation.created`, the token's hash only) — such a link rates
 * the decisions (审批) of the items whose results the SMS announced, each once; the applicant's reply digit to that
 * SMS (`sms.replied`) rates them too. A link stops working once everything it covers is rated (GONE), or past its
 * expiry (GONE).
 */
@Injectable()
export class RatingLinksService {
  private readonly logger = new Logger('RatingLinks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVALUATION_ENV) private readonly env: EvaluationEnv,
    private readonly clock: Clock,
    private readonly events: ServiceEventsService,
  ) {}

  /** A one-time link for an event or for the window's current service (the QR code). */
  async issue(req: IssueRatingLinkRequest): Promise<RatingLinkView> {
    requireActor('clerk', 'supervisor', 'admin');
    if (req.serviceEventId && req.windowNo) throw new AppError('VALIDATION_FAILED', 'give serviceEventId or windowNo (one of them)', [{ field: 'serviceEventId', problem: 'give serviceEventId or windowNo, one of them' }]);
    const event = req.serviceEventId ? await this.events.event(this.ds.manager, req.serviceEventId) : req.windowNo ? await this.events.currentOfWindow(req.windowNo) : null;
    if (!event) throw new AppError('VALIDATION_FAILED', 'give serviceEventId or windowNo', [{ field: 'serviceEventId', problem: 'give serviceEventId or windowNo' }]);
    if (event.rated) throw new AppError('ALREADY_RATED', ALREADY_RATED);
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.env.RATING_LINK_TTL_HOURS * 3_600_000);
    await this.ds.query(`INSERT INTO rating_link (token_hash, service_event_id, channel, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      sha256(token),
      event.id,
      req.windowNo ? 'qr' : 'online',
      expiresAt,
      now,
    ]);
    return { token, serviceEventId: event.id, expiresAt: expiresAt.toISOString() };
  }

  /** The completion SMS's link, as notification made it: works from now for RATING_INVITATION_TTL_DAYS. */
  @OnEvent({ event: Events.ratingInvitationCreated })
  async onInvitation(e: EventEnvelope<RatingInvitationCreatedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const created = new Date(d.createdAt);
    await tx.query(
      `INSERT INTO rating_link (token_hash, service_event_id, case_no, item_codes, channel, expires_at, created_at) VALUES ($1, NULL, $2, $3, 'online', $4, $5)
       ON CONFLICT (token_hash) DO NOTHING`,
      [d.tokenHash, d.caseNo, d.itemCodes, new Date(created.getTime() + this.env.RATING_INVITATION_TTL_DAYS * 86_400_000), created],
    );
  }

  /** The applicant's reply digit to a completion SMS: rates every service of its link not rated yet (channel `sms`). */
  @OnEvent({ event: Events.smsReplied })
  async onSmsReplied(e: EventEnvelope<SmsRepliedV1>, tx: EntityManager): Promise<void> {
    const level = levelOfReply(e.data.text);
    if (!level) return;
    const link = await this.lockedLink(tx, e.data.invitationTokenHash);
    // the invitation not heard yet (events of two subjects): throw, so the reply is retried until it is
    if (!link) throw new Error(`rating invitation of reply ${e.data.replyId} not known yet`);
    if (link.expires_at.getTime() <= new Date(e.data.receivedAt).getTime()) {
      this.logger.log(`reply ${e.data.replyId}: its rating invitation had expired; nothing rated`);
      return;
    }
    const open = (await this.eventsOf(tx, link)).filter((ev) => !ev.rated);
    for (const ev of open) await this.events.rateIn(tx, ev.id, level, 'sms', undefined, 'sms-reply', null, false);
    await this.markUsedIfDone(tx, link);
  }

  /** What a link rates, for the page it opens (no login). */
  async info(req: RatingLinkRequest): Promise<RatingLinkInfoView> {
    const [link] = (await this.ds.query(`SELECT * FROM rating_link WHERE token_hash = $1`, [sha256(req.token)])) as LinkRow[];
    if (!link) throw AppError.notFound('rating link');
    const events = await this.eventsOf(this.ds.manager, link);
    const state = link.expires_at.getTime() <= this.clock.now().getTime() ? 'expired' : link.used_at || (events.length > 0 && events.every((ev) => ev.rated)) ? 'used' : 'open';
    const caseNo = link.case_no ?? events[0]?.case_no ?? '';
    return { caseNo, expiresAt: link.expires_at.toISOString(), state, events: events.map(eventView) };
  }

  /** No login: the token rates only its services, each once, before it expires (else GONE). */
  async rate(req: RateByLinkRequest): Promise<EvaluationView> {
    return this.ds.transaction(async (tx) => {
      const link = await this.lockedLink(tx, sha256(req.token));
      if (!link) throw AppError.notFound('rating link');
      if (link.used_at) throw new AppError('GONE', USED);
      if (link.expires_at.getTime() <= this.clock.now().getTime()) throw new AppError('GONE', EXPIRED);
      const events = await this.eventsOf(tx, link);
      if (events.length === 0) throw new AppError('INVALID_STATE', NOT_HAPPENED, [{ field: 'token', problem: NOT_HAPPENED }]);
      const open = events.filter((ev) => !ev.rated);
      if (open.length === 0) throw new AppError('GONE', USED);
      const target = req.serviceEventId ? events.find((ev) => ev.id === req.serviceEventId) : open.length === 1 ? open[0] : undefined;
      if (!target) {
        const problem = req.serviceEventId ? '该服务不属于此评价链接' : CHOOSE;
        throw new AppError('VALIDATION_FAILED', problem, [{ field: 'serviceEventId', problem, choices: open.map((ev) => ev.id) }]);
      }
      const view = await this.events.rateIn(tx, target.id, req.level as RatingLevel, link.channel, req.comment, `link:${link.channel}`, null, false);
      await this.markUsedIfDone(tx, link);
      return view;
    });
  }

  private async lockedLink(tx: EntityManager, tokenHash: string): Promise<LinkRow | undefined> {
    const [link] = (await tx.query(`SELECT * FROM rating_link WHERE token_hash = $1 FOR UPDATE`, [tokenHash])) as LinkRow[];
    return link;
  }

  /** The services a link covers: its one event, or the decisions of the completion SMS's items. */
  private async eventsOf(tx: EntityManager, link: LinkRow): Promise<ServiceEventRow[]> {
    if (link.service_event_id) return (await tx.query(`SELECT * FROM service_event WHERE id = $1`, [link.service_event_id])) as ServiceEventRow[];
    return (await tx.query(
      `SELECT * FROM service_event WHERE case_no = $1 AND kind = 'decision' AND (cardinality($2::text[]) = 0 OR item_code = ANY($2::text[]))
       ORDER BY occurred_at, id`,
      [link.case_no, link.item_codes ?? []],
    )) as ServiceEventRow[];
  }

  private async markUsedIfDone(tx: EntityManager, link: LinkRow): Promise<void> {
    const events = await this.eventsOf(tx, link);
    if (events.every((ev) => ev.rated)) await tx.query(`UPDATE rating_link SET used_at = $2 WHERE token_hash = $1`, [link.token_hash, this.clock.now()]);
  }
}
