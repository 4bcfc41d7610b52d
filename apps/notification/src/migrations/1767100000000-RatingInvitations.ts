import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 好差评 in the completion SMS: the invitation each completion SMS carries (its link token only as a hash; the
 * phone to match the applicant's reply digit to it), and the replies (上行短信) received.
 */
export class RatingInvitations1767100000000 implements MigrationInterface {
  name = 'RatingInvitations1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notification.rating_invitation (
      token_hash text PRIMARY KEY,
      message_id uuid NOT NULL UNIQUE,
      case_no text NOT NULL,
      phone text NOT NULL,
      item_codes text[] NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rating_invitation_phone ON notification.rating_invitation (phone, created_at DESC)`);
    await q.query(`CREATE TABLE notification.sms_reply (
      id uuid PRIMARY KEY,
      provider text NOT NULL,
      phone text NOT NULL,
      text text NOT NULL,
      invitation_token_hash text REFERENCES notification.rating_invitation(token_hash),
      received_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification.sms_reply`);
    await q.query(`DROP TABLE notification.rating_invitation`);
  }
}
