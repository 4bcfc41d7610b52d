import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AppError, type AccountStateView, type AuthenticatedUser, type LoginRequest, type LoginSession, type RefreshReply, type TokenState, type VerifiedLogin } from '@yichuang/contracts';
import { Clock } from '@yichuang/platform';
import type { AdminEnv } from '../config.js';
import { ADMIN_ENV } from '../tokens.js';
import { LoginAddress, RefreshToken, StaffAccount } from './staff-account.entity.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import { keepOneAdministrator, lockAccountChanges, revokeTokens } from './account-rules.js';

/** revoked logins older than this are not listed in the token state: no access token lives longer (JWT_TTL_SECONDS ≤ 7 days) */
const REVOKED_SESSIONS_DAYS = 7;
const MAX_REVOKED_SESSIONS = 200;
/** failures of an address older than this are forgotten */
const ADDRESS_WINDOW_MS = 3600_000;
/** compared against when the username is unknown, so that the answer takes as long as for a known one */
const DUMMY_HASH = 'scrypt$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000';

/** Seconds to wait after `failures` failures once `after` is reached: 8, 16, 32 … up to `max`. */
export function loginDelaySeconds(failures: number, after: number, max: number): number {
  return failures < after ? 0 : Math.min(2 ** (failures - after + 3), max);
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

type Outcome = { ok: true; login: VerifiedLogin } | { ok: false; error: AppError; addressFailure: boolean };

/**
 * Logins, refresh tokens and account states (the gateway signs the access tokens). Times from the Clock.
 * Nothing here logs a password or a token.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
  ) {}

  async login(req: LoginRequest): Promise<VerifiedLogin> {
    const now = this.clock.now();
    if (req.clientAddress) await this.checkAddress(req.clientAddress, now);
    // the account row is locked for the attempt: parallel wrong passwords are counted one after the other
    const outcome = await this.ds.transaction(async (m): Promise<Outcome> => {
      const account = await m.getRepository(StaffAccount).findOne({ where: { username: req.username }, lock: { mode: 'pessimistic_write' } });
      if (!account) {
        await verifyPassword(req.password, DUMMY_HASH);
        return { ok: false, error: invalidCredentials(), addressFailure: true };
      }
      if (account.lockedAt) return { ok: false, error: locked(), addressFailure: false };
      const wait = this.remaining(loginDelaySeconds(account.failedLogins, this.env.LOGIN_DELAY_AFTER, this.env.LOGIN_MAX_DELAY_SECONDS), account.lastFailedAt, now);
      if (wait > 0) return { ok: false, error: throttled(wait), addressFailure: false };
      if (!(await verifyPassword(req.password, account.passwordHash))) {
        account.failedLogins += 1;
        account.lastFailedAt = now;
        const lockNow = account.failedLogins >= this.env.LOGIN_LOCK_AFTER;
        if (lockNow) account.lockedAt = now;
        await m.getRepository(StaffAccount).save(account);
        if (lockNow) this.logger.warn(`account ${account.username} locked after ${account.failedLogins} failed logins`);
        return { ok: false, error: lockNow ? locked() : invalidCredentials(), addressFailure: true };
      }
      if (!account.active) return { ok: false, error: new AppError('ACCOUNT_DISABLED', 'the account is disabled'), addressFailure: false };
      if (account.failedLogins > 0) {
        account.failedLogins = 0;
        account.lastFailedAt = null;
        await m.getRepository(StaffAccount).save(account);
      }
      if (req.clientAddress) await m.getRepository(LoginAddress).delete({ address: req.clientAddress });
      const session = await this.issue(m, account, randomUUID(), now);
      return { ok: true, login: { ...userOf(account), session } };
    });
    if (outcome.ok) return outcome.login;
    if (outcome.addressFailure && req.clientAddress) await this.addressFailed(req.clientAddress, now);
    throw outcome.error;
  }

  /** Rotates a refresh token: the old one is used up; a used one again revokes its whole family. */
  async refresh(token: string): Promise<RefreshReply> {
    const now = this.clock.now();
    const outcome = await this.ds.transaction(async (m): Promise<RefreshReply | AppError> => {
      const row = await m.getRepository(RefreshToken).findOne({ where: { tokenHash: hashRefreshToken(token) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return expired();
      if (row.usedAt) {
        await m.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        this.logger.warn(`a used refresh token of ${row.username} was presented again: its family is revoked`);
        return expired();
      }
      const account = await m.getRepository(StaffAccount).findOneBy({ username: row.username });
      if (!account || !account.active || account.lockedAt) return expired();
      row.usedAt = now;
      await m.getRepository(RefreshToken).save(row);
      return { user: userOf(account), session: await this.issue(m, account, row.familyId, now) };
    });
    if (outcome instanceof AppError) throw outcome;
    return outcome;
  }

  /** Revokes the family of a refresh token (unknown tokens revoke nothing). */
  async logout(token: string): Promise<{ revoked: number; username?: string }> {
    const row = await this.ds.getRepository(RefreshToken).findOneBy({ tokenHash: hashRefreshToken(token) });
    if (!row) return { revoked: 0 };
    const r = await this.ds.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return { revoked: r.affected ?? 0, username: row.username };
  }

  /**
   * Whether the account's access tokens still hold: active, its token version, and its logins revoked lately (an
   * access token lives JWT_TTL_SECONDS, at most 7 days, so older revocations no longer matter). At most
   * MAX_REVOKED_SESSIONS, newest first.
   */
  async tokenState(username: string): Promise<TokenState> {
    const a = await this.ds.getRepository(StaffAccount).findOneBy({ username });
    const since = new Date(this.clock.now().getTime() - REVOKED_SESSIONS_DAYS * 86_400_000);
    const rows = await this.ds.query<{ family_id: string }[]>(
      `SELECT family_id FROM admin.refresh_token WHERE username = $1 AND revoked_at IS NOT NULL AND revoked_at > $2
       GROUP BY family_id ORDER BY max(revoked_at) DESC LIMIT ${MAX_REVOKED_SESSIONS}`,
      [username, since],
    );
    return { username, active: !!a && a.active, tokenVersion: a?.tokenVersion ?? 0, revokedSessions: rows.map((r) => r.family_id) };
  }

  async changePassword(username: string, oldPassword: string, newPassword: string): Promise<AccountStateView> {
    const account = await this.account(username);
    if (!(await verifyPassword(oldPassword, account.passwordHash))) {
      throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'oldPassword', problem: '原密码不正确' }]);
    }
    const problems = passwordProblems(newPassword, username);
    if (newPassword === oldPassword) problems.push('新密码不能与原密码相同');
    if (problems.length) {
      throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems.map((problem) => ({ field: 'newPassword', problem })));
    }
    const hash = await hashPassword(newPassword);
    return this.revokeAll(username, { passwordHash: hash, mustChangePassword: false });
  }

  async unlock(username: string): Promise<AccountStateView> {
    await this.account(username);
    await this.ds.getRepository(StaffAccount).update({ username }, { lockedAt: null, failedLogins: 0, lastFailedAt: null });
    return view(await this.account(username));
  }

  async setActive(username: string, active: boolean): Promise<AccountStateView> {
    const account = await this.account(username);
    if (active) {
      await this.ds.getRepository(StaffAccount).update({ username }, { active: true });
      return view(await this.account(username));
    }
    return this.revokeAll(username, { active: false }, async (m) => keepOneAdministrator(m, username, { active: false, roles: account.roles }));
  }

  /** The change, a new token version (the gateway then refuses the account's access tokens) and its refresh tokens revoked. */
  private async revokeAll(username: string, change: Partial<StaffAccount>, check?: (m: EntityManager) => Promise<void>): Promise<AccountStateView> {
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      if (check) {
        await lockAccountChanges(m);
        await check(m);
      }
      await m.getRepository(StaffAccount).update({ username }, change);
      await revokeTokens(m, username, now);
    });
    return view(await this.account(username));
  }

  private async account(username: string): Promise<StaffAccount> {
    const a = await this.ds.getRepository(StaffAccount).findOneBy({ username });
    if (!a) throw AppError.notFound(`account ${username}`);
    return a;
  }

  private async issue(m: EntityManager, account: StaffAccount, familyId: string, now: Date): Promise<LoginSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    const ttl = this.env.REFRESH_TTL_SECONDS;
    await m.getRepository(RefreshToken).insert({
      tokenHash: hashRefreshToken(refreshToken),
      username: account.username,
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return { refreshToken, refreshExpiresIn: ttl, tokenVersion: account.tokenVersion, sessionId: familyId };
  }

  private remaining(delaySeconds: number, since: Date | null, now: Date): number {
    if (delaySeconds <= 0 || !since) return 0;
    return Math.max(0, Math.ceil((since.getTime() + delaySeconds * 1000 - now.getTime()) / 1000));
  }

  private async checkAddress(address: string, now: Date): Promise<void> {
    const row = await this.ds.getRepository(LoginAddress).findOneBy({ address });
    if (!row || now.getTime() - row.lastFailedAt.getTime() > ADDRESS_WINDOW_MS) return;
    const wait = this.remaining(loginDelaySeconds(row.failures, this.env.LOGIN_ADDRESS_DELAY_AFTER, this.env.LOGIN_MAX_DELAY_SECONDS), row.lastFailedAt, now);
    if (wait > 0) throw throttled(wait);
  }

  private async addressFailed(address: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - ADDRESS_WINDOW_MS);
    await this.ds.query(
      `INSERT INTO admin.login_address (address, failures, last_failed_at) VALUES ($1, 1, $2)
       ON CONFLICT (address) DO UPDATE SET failures = CASE WHEN admin.login_address.last_failed_at < $3 THEN 1 ELSE admin.login_address.failures + 1 END, last_failed_at = $2`,
      [address, now, windowStart],
    );
  }
}

function userOf(account: StaffAccount): AuthenticatedUser {
  return {
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    ...(account.departmentCode ? { department: account.departmentCode } : {}),
    ...(account.windowNo ? { window: account.windowNo } : {}),
    ...(account.mustChangePassword ? { mustChangePassword: true as const } : {}),
  };
}

function view(a: StaffAccount): AccountStateView {
  return { username: a.username, active: a.active, locked: !!a.lockedAt, failedLogins: a.failedLogins, tokenVersion: a.tokenVersion };
}

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'wrong username or password');
const locked = () => new AppError('ACCOUNT_LOCKED', 'the account is locked after too many failed logins; an administrator must unlock it');
const throttled = (seconds: number) => new AppError('LOGIN_THROTTLED', `too many failed logins: retry in ${seconds} s`, [{ problem: 'too many failed logins', retryAfterSeconds: seconds }]);
const expired = () => new AppError('UNAUTHORIZED', 'the refresh token is invalid, used, revoked or expired');
