import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  type CreateStaffAccountRequest,
  type ErrorDetail,
  type ListStaffAccountsRequest,
  type Role,
  type StaffAccountCreated,
  type StaffAccountFields,
  type StaffAccountView,
  type UpdateStaffAccountRequest,
} from '@yichuang/contracts';
import { Clock } from '@yichuang/platform';
import { Department, HallWindow } from '../catalog/catalog.entities.js';
import { keepOneAdministrator, lockAccountChanges, revokeTokens } from './account-rules.js';
import { generatePassword } from './generate-password.js';
import { hashPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import { StaffAccount } from './staff-account.entity.js';

const NEEDS_DEPARTMENT: readonly Role[] = ['reviewer', 'department_head'];
const NEEDS_WINDOW: readonly Role[] = ['clerk', 'consultant'];

/**
 * 工作人员账号: the administrator creates, edits and resets the hall's staff accounts (disabling, enabling and
 * unlocking are in AuthService beside the logins). Whoever gets a password from the administrator — a new account,
 * a reset — must choose their own at the next login (`mustChangePassword`). A change of roles, department or window
 * ends the account's logins: its tokens carry the old ones. The hall always keeps an active administrator.
 */
@Injectable()
export class StaffAccountsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(req: ListStaffAccountsRequest): Promise<StaffAccountView[]> {
    const q = this.ds.getRepository(StaffAccount).createQueryBuilder('a');
    if (req.role) q.andWhere(':role = ANY(a.roles)', { role: req.role });
    if (req.department) q.andWhere('a.department_code = :department', { department: req.department });
    if (req.active) q.andWhere('a.active = :active', { active: req.active === 'true' });
    return (await q.orderBy('a.username', 'ASC').getMany()).map(viewOf);
  }

  async get(username: string): Promise<StaffAccountView> {
    return viewOf(await this.account(this.ds.manager, username));
  }

  async create(req: CreateStaffAccountRequest): Promise<StaffAccountCreated> {
    const generated = req.password === undefined ? generatePassword() : undefined;
    const password = req.password ?? (generated as string);
    const problems = await this.scopeProblems(this.ds.manager, req);
    problems.push(...passwordProblems(password, req.username).map((problem) => ({ field: 'password', problem })));
    if (problems.length) throw invalid(problems);
    const passwordHash = await hashPassword(password);
    try {
      await this.ds.getRepository(StaffAccount).insert({
        username: req.username,
        displayName: req.displayName,
        passwordHash,
        roles: dedupe(req.roles),
        departmentCode: req.department ?? null,
        windowNo: req.window ?? null,
        phone: req.phone,
        mustChangePassword: true,
      });
    } catch (err) {
      // 23505 unique_violation: the username is taken
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new AppError('CONFLICT', `the account ${req.username} exists`, [{ field: 'username', problem: `账号 ${req.username} 已存在` }]);
      }
      throw err;
    }
    return { account: await this.get(req.username), ...(generated ? { temporaryPassword: generated } : {}) };
  }

  async update(req: UpdateStaffAccountRequest): Promise<StaffAccountView> {
    const before = await this.ds.getRepository(StaffAccount).findOneBy({ username: req.username });
    const problems = await this.scopeProblems(this.ds.manager, req, before);
    if (problems.length) throw invalid(problems);
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      await lockAccountChanges(m);
      const account = await this.account(m, req.username, true);
      if (account.version !== req.expectedVersion) {
        throw new AppError('CONFLICT', 'the account changed since it was read', [{ field: 'expectedVersion', problem: '账号已被他人修改，请刷新后重试', currentVersion: account.version }]);
      }
      const roles = dedupe(req.roles);
      await keepOneAdministrator(m, req.username, { active: account.active, roles });
      const scopeChanged =
        roles.join() !== [...account.roles].sort().join() || (req.department ?? null) !== account.departmentCode || (req.window ?? null) !== account.windowNo;
      await m.getRepository(StaffAccount).update(
        { username: req.username },
        { displayName: req.displayName, roles, departmentCode: req.department ?? null, windowNo: req.window ?? null, phone: req.phone, version: account.version + 1 },
      );
      if (scopeChanged) await revokeTokens(m, req.username, now);
    });
    return this.get(req.username);
  }

  /** A generated password, shown once, to be changed at the next login; the lock cleared and every login ended. */
  async resetPassword(username: string): Promise<StaffAccountCreated> {
    const temporaryPassword = generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      await this.account(m, username, true);
      await m.getRepository(StaffAccount).update({ username }, { passwordHash, mustChangePassword: true, lockedAt: null, failedLogins: 0, lastFailedAt: null });
      await revokeTokens(m, username, now);
    });
    return { account: await this.get(username), temporaryPassword };
  }

  /**
   * Department for reviewers and heads, window for window clerks, each one that exists; a retired one only where the
   * account already is (it keeps its binding until moved).
   */
  private async scopeProblems(m: EntityManager, f: StaffAccountFields, current?: StaffAccount | null): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (f.roles.some((r) => NEEDS_DEPARTMENT.includes(r)) && !f.department) problems.push({ field: 'department', problem: '审查人员和部门负责人须指定所属部门' });
    if (f.roles.some((r) => NEEDS_WINDOW.includes(r)) && !f.window) problems.push({ field: 'window', problem: '窗口工作人员须指定窗口' });
    if (f.department) {
      const d = await m.getRepository(Department).findOneBy({ code: f.department });
      if (!d) problems.push({ field: 'department', problem: `部门 ${f.department} 不存在` });
      else if (!d.active && f.department !== current?.departmentCode) problems.push({ field: 'department', problem: `部门 ${d.name} 已停用` });
    }
    if (f.window) {
      const w = await m.getRepository(HallWindow).findOneBy({ no: f.window });
      if (!w) problems.push({ field: 'window', problem: `窗口 ${f.window} 不存在` });
      else if (!w.active && f.window !== current?.windowNo) problems.push({ field: 'window', problem: `窗口 ${f.window} 已停用` });
    }
    return problems;
  }

  private async account(m: EntityManager, username: string, lock = false): Promise<StaffAccount> {
    const a = await m.getRepository(StaffAccount).findOne({ where: { username }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!a) throw AppError.notFound(`account ${username}`);
    return a;
  }
}

function dedupe(roles: Role[]): Role[] {
  return [...new Set(roles)].sort();
}

function invalid(problems: ErrorDetail[]): AppError {
  return new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);
}

function viewOf(a: StaffAccount): StaffAccountView {
  return {
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    ...(a.departmentCode ? { department: a.departmentCode } : {}),
    ...(a.windowNo ? { window: a.windowNo } : {}),
    phone: a.phone,
    active: a.active,
    locked: !!a.lockedAt,
    mustChangePassword: a.mustChangePassword,
    version: a.version,
  };
}
