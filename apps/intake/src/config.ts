import { IsOptional, IsString, Matches } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class IntakeEnv extends ServiceEnv {
  /**
   * Case number pattern (办件编号): `{year}` and `{seq}` (6 digits, gap-free per year) are replaced.
   * The result must stay ASCII letters, digits and `-` (it travels in URLs, SMS and phone calls).
   */
  @IsString()
  @Matches(/^[A-Za-z0-9-]*(\{year\}|\{seq\})[A-Za-z0-9{}-]*$/, { message: 'CASE_NO_PATTERN may hold only ASCII letters, digits, -, {year} and {seq}' })
  @IsOptional()
  CASE_NO_PATTERN: string = '411523-{year}-{seq}';
}

export const loadIntakeEnv = (): IntakeEnv => loadEnv(IntakeEnv);
