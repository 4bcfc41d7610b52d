import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, LoginRequest, Rpc, type AuthenticatedUser } from '@yichuang/contracts';
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
}
