import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 关注绑定: the openid at the hall's official account that a case's applicant bound, and messages of the `wechat`
 * channel (sent besides the SMS to that openid).
 */
export class WechatBinding1766200000000 implements MigrationInterface {
  name = 'WechatBinding1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.recipient ADD COLUMN wechat_open_id text, ADD COLUMN wechat_bound_at timestamptz`);
    await q.query(`ALTER TABLE notification.message DROP CONSTRAINT message_channel_check`);
    await q.query(`ALTER TABLE notification.message ADD CONSTRAINT message_channel_check CHECK (channel IN ('sms', 'ems', 'wechat'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification.message_attempt a USING notification.message m WHERE a.message_id = m.id AND m.channel = 'wechat'`);
    await q.query(`DELETE FROM notification.message WHERE channel = 'wechat'`);
    await q.query(`ALTER TABLE notification.message DROP CONSTRAINT message_channel_check`);
    await q.query(`ALTER TABLE notification.message ADD CONSTRAINT message_channel_check CHECK (channel IN ('sms', 'ems'))`);
    await q.query(`ALTER TABLE notification.recipient DROP COLUMN wechat_open_id, DROP COLUMN wechat_bound_at`);
  }
}
