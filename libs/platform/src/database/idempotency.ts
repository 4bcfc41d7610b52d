import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError } from '@yichuang/contracts';
import { requestContext } from '../context/request-context.js';
import { hasPiiCipher, openPii, sealPii } from '../crypto/pii.js';

/**
 * Honours the Idempotency-Key of a creating request inside the use case's own transaction:
 * the first request with a key stores its reply with what it created; a repeat with the same key and
 * body gets the stored reply and creates nothing; the same key with another body is refused.
 * A concurrent duplicate blocks on the key's row until the first commits, then reads its reply.
 */
@Injectable()
export class Idempotency {
  async run<T>(tx: EntityManager, scope: string, body: unknown, fn: () => Promise<T>): Promise<T> {
    const key = requestContext.current()?.idempotencyKey;
    if (!key) return fn();
    const hash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
    const claimed: unknown[] = await tx.query(
      `INSERT INTO idempotency_key (scope, key, request_hash, reply) VALUES ($1, $2, $3, 'null'::jsonb)
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (claimed.length === 0) {
      const [row] = (await tx.query(`SELECT request_hash, reply FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, key])) as {
        request_hash: string;
        reply: T;
      }[];
      if (!row) throw new AppError('CONFLICT', 'idempotency key in use, retry');
      if (row.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request body');
      }
      return hasPiiCipher() ? openPii(row.reply) : row.reply;
    }
    const reply = await fn();
    await tx.query(`UPDATE idempotency_key SET reply = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify(hasPiiCipher() ? sealPii(reply ?? null) : (reply ?? null))]);
    return reply;
  }
}
