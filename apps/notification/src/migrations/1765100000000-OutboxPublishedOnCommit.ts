import { outboxPublishedOnCommitMigration } from '@yichuang/platform';

/** Events are published right after their commit by the writing process: the outbox NOTIFY trigger goes. */
export const OutboxPublishedOnCommit1765100000000 = outboxPublishedOnCommitMigration('notification');
