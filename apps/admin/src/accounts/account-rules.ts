import { IsNull, type EntityManager } from 'typeorm';
import { AppError } from '@yichuang/contracts';
import { RefreshToken, StaffAccount } from './staff-account.entity.js';

/**
 * Ends every login of an account: a new token version (the gateway refuses older access tokens) and its refresh
 * tokens revoked. In the caller's transaction, with the change that calls for it.
 */
export async function revokeTokens(m: EntityManager, username: string, now: Date): Promise<void> {
  await m.getRepository(StaffAccount).increment({ username }, 'tokenVersion', 1);
  await m.getRepository(RefreshToken).update({ username, revokedAt: IsNull() }, { revokedAt: now });
}

/**
 * Serialises the changes that could leave the hall without an administrator (two administrators disabling each other
 * at once): a transaction-scoped advisory lock, then the check.
 */
export async function lockAccountChanges(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('yichuang:admin:accounts'))`);
}

/** Refuses a change after which no active account would hold the admin role. */
export async function keepOneAdministrator(m: EntityManager, username: string, after: { active: boolean; roles: readonly string[] }): Promise<void> {
  if (after.active && after.roles.includes('admin')) return;
  const rows = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM staff_account WHERE active AND 'admin' = ANY(roles) AND username <> $1`, [username]);
  if ((rows[0]?.n ?? 0) === 0) {
    throw new AppError('CONFLICT', 'the hall would have no active administrator', [{ field: 'username', problem: '至少须保留一个启用的管理员账号' }]);
  }
}
