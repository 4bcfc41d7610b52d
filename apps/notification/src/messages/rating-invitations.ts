import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import { maskPhone, maskPii, normaliseMobile } from '@yichuang/domain';
import { Clock, Outbox } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import type { InboundReply } from '../providers/provider.js';

/** A link token for one completion SMS: the URL in the text, and the hash evaluation keeps. */
export interface RatingLinkToken {
  url: string;
  tokenHash: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
/** the longest reply passed on (a digit is what counts; anything longer is not a rating) */
const REPLY_MAX = 20;

/**
 * 好差评 in the completion SMS (出件 RESULT_READY, 寄递 RESULT_MAILED): the SMS carries a one-time rating link
 * (`RATING_LINK_URL` + a random token) and invites a reply digit 1–5. The invitation is recorded with the message in
 * the event handler's transaction and announced to evaluation (`rating-invitation.created`, the token's SHA-256 only:
 * the stream never carries a usable link). A reply (上行短信) from the phone is matched to that phone's latest
 * invitation and passed on as `sms.replied`; evaluation rates the invitation's events with the digit.
 */
@Injectable()
export class RatingInvitations {
  private readonly logger = new Logger('RatingInvitations');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** A fresh link for a completion SMS; none when the hall has switched invitations off. */
  newLink(): RatingLinkToken | null {
    if (this.env.SMS_RATING_INVITATION_ENABLED !== 'true') return null;
    // 96 random bits (16 characters): unguessable for a link that rates a few services once, short enough for an SMS
    const token = randomBytes(12).toString('base64url');
    return { url: `${this.env.RATING_LINK_URL}${token}`, tokenHash: sha256(token) };
  }

  /** The invitation of a completion SMS just created (same transaction as the message). */
  async record(tx: EntityManager, link: RatingLinkToken, m: { messageId: string; caseNo: string; phone: string; itemCodes: string[] }): Promise<void> {
    const now = this.clock.now();
    await tx.query(`INSERT INTO rating_invitation (token_hash, message_id, case_no, phone, item_codes, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      link.tokenHash,
      m.messageId,
      m.caseNo,
      normaliseMobile(m.phone),
      m.itemCodes,
      now,
    ]);
    await this.outbox.add(tx, Events.ratingInvitationCreated, { tokenHash: link.tokenHash, caseNo: m.caseNo, itemCodes: m.itemCodes, messageId: m.messageId, createdAt: now.toISOString() });
  }

  /**
   * An SMS reply from a provider: recorded, and passed on when it answers an invitation (the sender's latest within
   * RATING_REPLY_DAYS). Resolves once recorded (the provider may then acknowledge it to the SMSC).
   */
  async reply(provider: string, r: InboundReply): Promise<void> {
    const phone = normaliseMobile(r.from);
    const text = maskPii(r.text.trim()).slice(0, REPLY_MAX);
    const now = this.clock.now();
    await this.ds.transaction(async (tx) => {
      const since = new Date(now.getTime() - this.env.RATING_REPLY_DAYS * 86_400_000);
      const [inv] = (await tx.query(`SELECT token_hash FROM rating_invitation WHERE phone = $1 AND created_at >= $2 ORDER BY created_at DESC LIMIT 1`, [phone, since])) as {
        token_hash: string;
      }[];
      const id = randomUUID();
      await tx.query(`INSERT INTO sms_reply (id, provider, phone, text, invitation_token_hash, received_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        provider,
        phone,
        text,
        inv?.token_hash ?? null,
        r.at ?? now,
      ]);
      if (inv) await this.outbox.add(tx, Events.smsReplied, { replyId: id, invitationTokenHash: inv.token_hash, text, receivedAt: (r.at ?? now).toISOString() });
      else this.logger.log(`SMS reply from ${maskPhone(phone)} via ${provider} answers no rating invitation: kept, not passed on`);
    });
  }
}
