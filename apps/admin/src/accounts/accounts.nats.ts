import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccountRequest,
  AppError,
  CreateStaffAccountRequest,
  ListStaffAccountsRequest,
  UpdateStaffAccountRequest,
  type StaffAccountCreated,
  type StaffAccountView,
  ChangePasswordRequest,
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  Rpc,
  StaffContactsRequest,
  TokenStateRequest,
  type AccountStateView,
  type RefreshReply,
  type StaffContact,
  type TokenState,
  type VerifiedLogin,
} from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { AuthService } from './auth.service.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { StaffAccount } from './staff-account.entity.js';

@Controller()
export class AccountsNats {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly auth: AuthService,
    private readonly staff: StaffAccountsService,
  ) {}

  /**
   * Checks a username and password (throttled per account and per client address); the gateway signs the access
   * token. Same answer for unknown user and wrong password.
   */
  @MessagePattern(Rpc.admin.verifyLogin.subject)
  verify(@Payload() req: LoginRequest): Promise<VerifiedLogin> {
    return this.auth.login(req);
  }

  @MessagePattern(Rpc.admin.refreshSession.subject)
  refresh(@Payload() req: RefreshRequest): Promise<RefreshReply> {
    return this.auth.refresh(req.refreshToken);
  }

  @MessagePattern(Rpc.admin.logout.subject)
  logout(@Payload() req: LogoutRequest): Promise<{ revoked: number; username?: string }> {
    return this.auth.logout(req.refreshToken);
  }

  @MessagePattern(Rpc.admin.tokenState.subject)
  tokenState(@Payload() req: TokenStateRequest): Promise<TokenState> {
    return this.auth.tokenState(req.username);
  }

  /** The caller's own password (the gateway names the logged-in user). */
  @MessagePattern(Rpc.admin.changePassword.subject)
  changePassword(@Payload() req: ChangePasswordRequest): Promise<AccountStateView> {
    return this.auth.changePassword(req.username, req.oldPassword, req.newPassword);
  }

  @MessagePattern(Rpc.admin.unlockAccount.subject)
  unlock(@Payload() req: AccountRequest): Promise<AccountStateView> {
    requireActor('admin');
    return this.auth.unlock(req.username);
  }

  @MessagePattern(Rpc.admin.disableAccount.subject)
  disable(@Payload() req: AccountRequest): Promise<AccountStateView> {
    requireActor('admin');
    return this.auth.setActive(req.username, false);
  }

  @MessagePattern(Rpc.admin.enableAccount.subject)
  enable(@Payload() req: AccountRequest): Promise<AccountStateView> {
    requireActor('admin');
    return this.auth.setActive(req.username, true);
  }

  @MessagePattern(Rpc.admin.listAccounts.subject)
  list(@Payload() req: ListStaffAccountsRequest): Promise<StaffAccountView[]> {
    requireActor('admin');
    return this.staff.list(req);
  }

  @MessagePattern(Rpc.admin.getAccount.subject)
  get(@Payload() req: AccountRequest): Promise<StaffAccountView> {
    requireActor('admin');
    return this.staff.get(req.username);
  }

  @MessagePattern(Rpc.admin.createAccount.subject)
  create(@Payload() req: CreateStaffAccountRequest): Promise<StaffAccountCreated> {
    requireActor('admin');
    return this.staff.create(req);
  }

  @MessagePattern(Rpc.admin.updateAccount.subject)
  update(@Payload() req: UpdateStaffAccountRequest): Promise<StaffAccountView> {
    requireActor('admin');
    return this.staff.update(req);
  }

  @MessagePattern(Rpc.admin.resetPassword.subject)
  resetPassword(@Payload() req: AccountRequest): Promise<StaffAccountCreated> {
    requireActor('admin');
    return this.staff.resetPassword(req.username);
  }

  /**
   * Phones of active staff — a department's, everyone with a role (the supervisors), or named accounts; every filter
   * given must match — for SMS to staff (alarms). Internal subject: the gateway never exposes it, and the phones are
   * personal data the caller must not log.
   */
  @MessagePattern(Rpc.admin.staffContacts.subject)
  async contacts(@Payload() req: StaffContactsRequest): Promise<StaffContact[]> {
    if (!req.departmentCode && !req.role && !req.usernames) {
      throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'departmentCode', problem: 'name a department, a role or usernames' }]);
    }
    const q = this.ds.getRepository(StaffAccount).createQueryBuilder('a').where('a.active');
    if (req.departmentCode) q.andWhere('a.department_code = :department', { department: req.departmentCode });
    if (req.role) q.andWhere(':role = ANY(a.roles)', { role: req.role });
    if (req.usernames) q.andWhere('a.username IN (:...usernames)', { usernames: req.usernames });
    const accounts = await q.orderBy('a.username', 'ASC').getMany();
    return accounts.map((a) => ({ username: a.username, displayName: a.displayName, phone: a.phone, roles: a.roles }));
  }
}
