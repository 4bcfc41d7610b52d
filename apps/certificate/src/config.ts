import { IsOptional, IsString, Matches } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class CertificateEnv extends ServiceEnv {
  /** Certificate number pattern: {area}, {year}, {type} and {seq} (5 digits, gap-free per type per year). */
  @IsString()
  @Matches(/\{seq\}/, { message: 'CERTIFICATE_NO_PATTERN must contain {seq}' })
  @IsOptional()
  CERTIFICATE_NO_PATTERN: string = '{area}-{year}-{type}-{seq}';

  @IsString()
  @Matches(/^\d{6}$/, { message: 'AREA_CODE must be 6 digits' })
  @IsOptional()
  AREA_CODE: string = '411523';
}

export const loadCertificateEnv = (): CertificateEnv => loadEnv(CertificateEnv);
