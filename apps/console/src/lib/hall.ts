/** The administrator's sections (科室) and duty roster (值班) page: choices and checks made in the browser. */

export const SECTION_CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

export interface AccountLike {
  username: string;
  displayName: string;
  roles: readonly string[];
  department?: string;
  window?: string;
  active: boolean;
}

export interface SectionDraft {
  code: string;
  name: string;
  head?: string;
}

/** Every problem of a section's form, in Chinese (the admin service's own rules). */
export function sectionProblems(s: SectionDraft, isNew: boolean, existing: readonly { code: string; name: string }[] = []): string[] {
  const p: string[] = [];
  const code = s.code?.trim() ?? '';
  const name = s.name?.trim() ?? '';
  if (isNew) {
    if (!SECTION_CODE.test(code)) p.push('科室代码须为1至20位大写字母、数字或连字符');
    else if (existing.some((x) => x.code === code)) p.push(`科室代码${code}已存在`);
  }
  if (!name) p.push('请填写科室名称');
  else if (name.length > 40) p.push('科室名称须为1至40个字符');
  else if (existing.some((x) => x.name === name && x.code !== code)) p.push(`本部门已有名为“${name}”的科室`);
  return p;
}

/** Who may head a section of `department`: its active accounts (reviewers and department heads first). */
export function headCandidates(accounts: readonly AccountLike[], department: string): AccountLike[] {
  const rank = (a: AccountLike) => (a.roles.includes('department_head') ? 0 : a.roles.includes('reviewer') ? 1 : 2);
  return accounts.filter((a) => a.active && a.department === department).sort((a, b) => rank(a) - rank(b) || a.username.localeCompare(b.username));
}

/**
 * Who may be on duty at a window: active accounts of the window's staff kinds (clerks, consultants), those bound to
 * the window first (they call its queue).
 */
export function dutyCandidates(accounts: readonly AccountLike[], windowNo: string): AccountLike[] {
  return accounts
    .filter((a) => a.active && (a.roles.includes('clerk') || a.roles.includes('consultant')))
    .sort((a, b) => Number(b.window === windowNo) - Number(a.window === windowNo) || a.username.localeCompare(b.username));
}

/** Every problem of a day's duty roster, in Chinese. */
export function dutyProblems(usernames: readonly string[], day: string | undefined): string[] {
  const p: string[] = [];
  if (usernames.length > 20) p.push('每个窗口每天至多20名值班人员');
  if (new Set(usernames).size !== usernames.length) p.push('值班人员不能重复');
  if (day && !/^\d{4}-\d{2}-\d{2}$/.test(day)) p.push('值班日期格式应为年-月-日');
  return p;
}

/** `张三（zhangsan，本窗口）` */
export function accountLabel(a: Pick<AccountLike, 'username' | 'displayName' | 'window'>, windowNo?: string): string {
  return `${a.displayName}（${a.username}${windowNo && a.window === windowNo ? '，本窗口' : a.window ? `，${a.window}` : ''}）`;
}
