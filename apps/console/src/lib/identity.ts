/**
 * Checks of the applicant's identifiers as the clerk types, in Chinese. The rules are libs/domain's (the same
 * functions the services validate with: pure TypeScript, safe in the browser); only the wording is the console's.
 */
import { creditCodeCheckChar, residentIdCheckChar, isValidCreditCode, isValidResidentId, isValidMobilePhone, isRealDate, projectCodeProblem, DEFAULT_PROJECT_AREA_CODE } from '@yichuang/domain';

const CREDIT_FORM = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const RESIDENT_FORM = /^\d{17}[\dXx]$/;

/** Null when the unified social credit code is valid, else what is wrong with it. */
export function creditCodeText(value: string): string | null {
  const v = value.trim();
  if (v.length !== 18) return `统一社会信用代码应为18位，当前${v.length}位`;
  if (!CREDIT_FORM.test(v)) return CREDIT_FORM.test(v.toUpperCase()) ? '统一社会信用代码中的字母应为大写' : '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）';
  if (!/^\d{6}$/.test(v.slice(2, 8))) return '统一社会信用代码第3至8位应为行政区划代码（6位数字）';
  if (!isValidCreditCode(v)) return `统一社会信用代码校验位应为${creditCodeCheckChar(v.slice(0, 17))}，不是${v.charAt(17)}`;
  return null;
}

/** Null when the resident ID number is valid, else what is wrong with it. */
export function residentIdText(value: string): string | null {
  const v = value.trim();
  if (v.length !== 18) return `公民身份号码应为18位，当前${v.length}位`;
  if (!RESIDENT_FORM.test(v)) return '公民身份号码应为17位数字加1位校验码（0-9或X）';
  if (!isRealDate(Number(v.slice(6, 10)), Number(v.slice(10, 12)), Number(v.slice(12, 14)))) return `公民身份号码中的出生日期${v.slice(6, 14)}不存在`;
  if (!isValidResidentId(v)) return `公民身份号码校验位应为${residentIdCheckChar(v.slice(0, 17))}，不是${v.charAt(17).toUpperCase()}`;
  return null;
}

/** Null when the mobile number is valid, else what is wrong with it. */
export function mobileText(value: string): string | null {
  const v = value.trim();
  if (isValidMobilePhone(v)) return null;
  if (!/^\d*$/.test(v)) return '手机号码只能包含数字';
  return '手机号码应为11位中国大陆手机号（以13至19开头）';
}

/** The applicant's identifier by kind: a credit code for an enterprise, a resident ID number for a person. */
export function applicantIdText(kind: 'enterprise' | 'person', value: string): string | null {
  return kind === 'enterprise' ? creditCodeText(value) : residentIdText(value);
}

const PROJECT_FORM = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-([0-9A-Z]{6})$/;

/**
 * Null when the project code (项目代码, national investment-project platform) is well formed for the county, else
 * what is wrong with it. Its check character's algorithm is not published: libs/domain (and so the services) check
 * the form, the area code and the year, and so does this.
 */
export function projectCodeText(value: string): string | null {
  const v = value.trim();
  if (projectCodeProblem(v) === null) return null;
  const m = PROJECT_FORM.exec(v);
  if (!m) {
    if (PROJECT_FORM.test(v.toUpperCase())) return '项目代码中的字母应为大写';
    return `项目代码应为24位（年份-行政区划-部门-类型-6位编号），如 2026-${DEFAULT_PROJECT_AREA_CODE}-48-01-000123，当前${v.length}位`;
  }
  if (m[2] !== DEFAULT_PROJECT_AREA_CODE) return `项目代码的行政区划应为${DEFAULT_PROJECT_AREA_CODE}（新县），不是${m[2] ?? ''}`;
  return `项目代码的年份${m[1] ?? ''}早于2015年（全国投资项目在线审批监管平台赋码之前）`;
}
