import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, LoginRequest, Rpc, StaffContactsRequest, type AuthenticatedUser, type StaffContact } from '@yichuang/contracts';
import { StaffAccount } from './staff-account.entity.js';
import { verifyPassword } from './passwords.js';

@Controller()
export class AccountsNats {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Checks a username and password; the gateway signs the token. Same answer for unknown user and wrong password. */
  @MessagePattern(Rpc.admin.verifyLogin.subject)
  async verify(@Payload() req: LoginRequest): Promise<AuthenticatedUser> {
    const account = await this.ds.getRepository(StaffAccount).findOneBy({ username: req.username, active: true });
    if (!account || !(await verifyPassword(req.password, account.passwordHash))) {
      throw new AppError('UNAUTHORIZED', 'wrong username or password');
    }
    return {
      username: account.username,
      displayName: account.displayName,
      roles: account.roles,
      ...(account.departmentCode ? { department: account.departmentCode } : {}),
      ...(account.windowNo ? { window: account.windowNo } : {}),
    };
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
