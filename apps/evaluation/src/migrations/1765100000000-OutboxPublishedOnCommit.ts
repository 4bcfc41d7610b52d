import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxWithoutNotifyDown, outboxWithoutNotifyUp } from '@yichuang/platform';

/** Events are published right after their commit by the writing process: the outbox NOTIFY trigger goes. */
export class OutboxPublishedOnCommit1765100000000 implements MigrationInterface {
  name = 'OutboxPublishedOnCommit1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxWithoutNotifyUp('evaluation')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxWithoutNotifyDown('evaluation')) await q.query(sql);
  }
}
