import { AppError } from '@yichuang/contracts';
import type { DataSource } from 'typeorm';
import { hashPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import { StaffAccount } from './staff-account.entity.js';

export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,63}$/;
const MOBILE = /^1[3-9]\d{9}$/;

export interface NewAdministrator {
  username: string;
  displayName: string;
  password: string;
  /** for the alarms the hall sends its staff; may be given later */
  phone?: string;
}

/**
 * Creates an administrator account (the first one of a hall set up without demo data: `npm run admin:create`).
 * Every problem is listed in Chinese; an existing username is refused, never overwritten.
 */
export async function createAdministrator(ds: DataSource, a: NewAdministrator): Promise<void> {
  const problems: { field: string; problem: string }[] = [];
  if (!USERNAME_PATTERN.test(a.username)) problems.push({ field: 'username', problem: '用户名须以字母开头，3至64位字母、数字、下划线、点或连字符' });
  if ([...a.displayName].length < 1 || [...a.displayName].length > 50) problems.push({ field: 'displayName', problem: '姓名须为1至50个字符' });
  if (a.phone !== undefined && !MOBILE.test(a.phone)) problems.push({ field: 'phone', problem: '手机号码须为11位中国大陆手机号' });
  problems.push(...passwordProblems(a.password, a.username).map((problem) => ({ field: 'password', problem })));
  if (problems.length) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);
  const passwordHash = await hashPassword(a.password);
  try {
    await ds.getRepository(StaffAccount).insert({ username: a.username, displayName: a.displayName, passwordHash, roles: ['admin'], departmentCode: null, windowNo: null, phone: a.phone ?? '' });
  } catch (err) {
    // 23505 unique_violation: the username is taken (two runs at once included)
    if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
      throw new AppError('CONFLICT', `the account ${a.username} exists`, [{ field: 'username', problem: `账号 ${a.username} 已存在` }]);
    }
    throw err;
  }
}

/** Whether the hall has an active administrator (admin logs how to create the first one when not). */
export async function hasActiveAdministrator(ds: DataSource): Promise<boolean> {
  const rows = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM staff_account WHERE active AND 'admin' = ANY(roles)`);
  return (rows[0]?.n ?? 0) > 0;
}
