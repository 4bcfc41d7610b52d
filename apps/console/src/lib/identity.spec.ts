import { describe, expect, it } from '@jest/globals';
import { creditCodeProblem, projectCodeProblem, residentIdProblem } from '@yichuang/domain';
import { applicantIdText, creditCodeText, mobileText, projectCodeText, residentIdText } from './identity';

// the cases of libs/domain's own specs: the console says the same thing as the services, in Chinese
describe('the identifiers checked as the clerk types', () => {
  it('accepts the credit codes and ID numbers the services accept', () => {
    for (const c of ['91350100M000100Y43', '914403001922038216', '9144030071526726XG', '91330100716105852F']) {
      expect([creditCodeText(c), creditCodeProblem(c)]).toEqual([null, null]);
    }
    for (const id of ['11010519491231002X', '440524188001010014', '110101199003074477', '11010519491231002x']) expect(residentIdText(id)).toBeNull();
  });

  it('names the expected check character, as the services do', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character should be 3, not 4');
    expect(creditCodeText('91350100M000100Y44')).toBe('统一社会信用代码校验位应为3，不是4');
    expect(residentIdProblem('110105194912310023')).toBe('check character should be X, not 3');
    expect(residentIdText('110105194912310023')).toBe('公民身份号码校验位应为X，不是3');
    expect(residentIdText('440524188001010013')).toBe('公民身份号码校验位应为4，不是3');
  });

  it('says what is wrong while the number is still being typed', () => {
    expect(creditCodeText('9135010')).toBe('统一社会信用代码应为18位，当前7位');
    expect(creditCodeText('91350100m000100y43')).toBe('统一社会信用代码中的字母应为大写');
    expect(creditCodeText('91350100I000100Y43')).toContain('不含I、O、S、V、Z');
    expect(residentIdText('110105194902300021')).toBe('公民身份号码中的出生日期19490230不存在');
    expect(residentIdText('11010519491231002A')).toContain('校验码');
    expect(applicantIdText('enterprise', '11010519491231002X')).not.toBeNull();
    expect(applicantIdText('person', '11010519491231002X')).toBeNull();
  });

  it('checks mainland mobile numbers', () => {
    expect(mobileText('13912345678')).toBeNull();
    expect(mobileText('1391234567')).toBe('手机号码应为11位中国大陆手机号（以13至19开头）');
    expect(mobileText('12912345678')).not.toBeNull();
    expect(mobileText('139-1234-5678')).toBe('手机号码只能包含数字');
  });
});

describe('the project code checked as the applicant types', () => {
  it('accepts what libs/domain accepts and says in Chinese what is wrong otherwise', () => {
    expect(projectCodeText('2026-411523-48-01-000123')).toBeNull();
    expect(projectCodeText('2019-411523-70-03-A1B2C3')).toBeNull();
    expect(projectCodeText('2019-411523-70-03-a1b2c3')).toBe('项目代码中的字母应为大写');
    expect(projectCodeText('2026-411523-48-01-00012')).toMatch(/^项目代码应为24位.*当前23位$/);
    expect(projectCodeText('2026-410000-48-01-000123')).toBe('项目代码的行政区划应为411523（新县），不是410000');
    expect(projectCodeText('2014-411523-48-01-000123')).toMatch(/^项目代码的年份2014早于2015年/);
    for (const v of ['2026-410000-48-01-000123', '2014-411523-48-01-000123', 'x']) expect([projectCodeText(v) === null, projectCodeProblem(v) === null]).toEqual([false, false]);
  });
});
