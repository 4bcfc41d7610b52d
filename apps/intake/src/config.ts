import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
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

  /** the agency on the hall's documents (seal area) */
  @IsString() @Length(1, 60) @IsOptional() HALL_AGENCY: string = '新县政务服务中心';
  @IsString() @Length(1, 120) @IsOptional() HALL_ADDRESS: string = '新县政务服务中心一楼工程建设项目审批综合窗口';
  @IsString() @Length(1, 30) @IsOptional() HALL_PHONE: string = '0376-2962000';
  @IsString() @Length(1, 120) @IsOptional() HALL_WEBSITE: string = '河南政务服务网（新县分厅）';
  /** document numbers (文号): {year} and {seq} are replaced; sequences are gap-free per kind and year */
  @IsString() @IsOptional() NOTICE_NO_PATTERN: string = '新政服补告〔{year}〕{seq}号';
  @IsString() @IsOptional() ACCEPTANCE_NO_PATTERN: string = '新政服受〔{year}〕{seq}号';
  @IsString() @IsOptional() REJECTION_NO_PATTERN: string = '新政服不受〔{year}〕{seq}号';
  @IsString() @IsOptional() SPECIAL_NOTICE_NO_PATTERN: string = '新政服特告〔{year}〕{seq}号';

  /** a called ticket becomes a no-show after this many calls */
  @Type(() => Number) @IsInt() @Min(1) @Max(10) @IsOptional() QUEUE_NO_SHOW_AFTER: number = 3;
  /** SMS "your turn is near" when this many people or fewer are ahead */
  @Type(() => Number) @IsInt() @Min(0) @Max(20) @IsOptional() QUEUE_NEAR_AHEAD: number = 2;

  /** where paper materials are kept when the receiving window is not known */
  @IsString() @Length(1, 60) @IsOptional() PAPER_DEFAULT_LOCATION: string = 'W01';
  /** working days to answer a complaint (local practice) */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() COMPLAINT_WORKING_DAYS: number = 5;
  @IsString() @Length(1, 64) @IsOptional() COMPLAINT_DEFAULT_HANDLER: string = 'supervisor1';
  /**
   * Fallback only: whether an item needs the department colleague's 审查 before acceptance when its catalogue entry
   * does not say (`windowReview`, 加大窗口工作授权, decides for every item of a current catalogue).
   */
  @IsIn(['true', 'false']) @IsOptional() REQUIRE_WINDOW_REVIEW: 'true' | 'false' = 'false';

  /** 电子材料: the most bytes of electronic files one application may hold (all files; default 100 MB) */
  @Type(() => Number) @IsInt() @Min(1024) @IsOptional() MATERIAL_MAX_APPLICATION_BYTES: number = 100 * 1024 * 1024;
  /** 电子材料: the most files per material of an application */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) @IsOptional() MATERIAL_MAX_FILES_PER_MATERIAL: number = 20;

  /** the applicant's portal: minutes a one-time SMS code is good for */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() PORTAL_CODE_TTL_MINUTES: number = 5;
  /** wrong codes allowed per code before it is spent */
  @Type(() => Number) @IsInt() @Min(1) @Max(10) @IsOptional() PORTAL_CODE_MAX_ATTEMPTS: number = 5;
  /** codes per phone per hour (and at most one a minute) */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) @IsOptional() PORTAL_CODES_PER_PHONE_HOUR: number = 5;
  /** codes per client address per hour */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() PORTAL_CODES_PER_ADDRESS_HOUR: number = 20;
}

export const loadIntakeEnv = (): IntakeEnv => loadEnv(IntakeEnv);
