/** Which pages a person sees in the menu, from the roles (and window) of their account. */
export type Role = 'clerk' | 'consultant' | 'reviewer' | 'department_head' | 'supervisor' | 'admin';

export interface MenuEntry {
  path: string;
  label: string;
}

export interface MenuUser {
  roles: readonly string[];
  window?: string;
  department?: string;
}

const PAGES: { path: string; label: string; for: (u: MenuUser) => boolean }[] = [
  // windows numbered P… are pick-up desks (领证窗口); the other clerks' windows are comprehensive windows
  { path: '/window', label: '综合窗口', for: (u) => u.roles.includes('clerk') && !u.window?.startsWith('P') },
  { path: '/window/paper', label: '纸质材料', for: (u) => u.roles.includes('clerk') && !u.window?.startsWith('P') },
  { path: '/consultation', label: '咨询台', for: (u) => u.roles.includes('consultant') },
  { path: '/pickup', label: '领证窗口', for: (u) => u.roles.includes('clerk') },
  { path: '/department', label: '部门审批', for: (u) => u.roles.includes('reviewer') || u.roles.includes('department_head') },
  { path: '/supervision', label: '监察中心', for: (u) => u.roles.includes('supervisor') },
  { path: '/follow-up', label: '待办跟踪', for: (u) => u.roles.includes('clerk') || u.roles.includes('supervisor') },
  { path: '/admin/accounts', label: '账号管理', for: (u) => u.roles.includes('admin') },
  { path: '/admin/hall', label: '窗口与部门', for: (u) => u.roles.includes('admin') },
  { path: '/admin/sections', label: '科室与值班', for: (u) => u.roles.includes('admin') },
  { path: '/admin/catalogue', label: '事项目录', for: (u) => u.roles.includes('admin') },
  { path: '/admin/calendar', label: '工作日历', for: (u) => u.roles.includes('admin') },
  { path: '/admin/sms-templates', label: '短信模板', for: (u) => u.roles.includes('admin') || u.roles.includes('supervisor') },
  { path: '/supervision/exchange', label: '省级平台对接', for: (u) => u.roles.includes('admin') || u.roles.includes('supervisor') },
  { path: '/admin/audit', label: '审计与运维', for: (u) => u.roles.includes('admin') || u.roles.includes('supervisor') },
  { path: '/board', label: '大厅显示屏', for: () => true },
];

/** The menu of a person, in the order of the hall's work; the first entry is where they land after logging in. */
export function menuFor(user: MenuUser): MenuEntry[] {
  return PAGES.filter((p) => p.for(user)).map(({ path, label }) => ({ path, label }));
}

/** Chinese names of the roles, for the header. */
export const ROLE_NAMES: Record<Role, string> = {
  clerk: '窗口人员',
  consultant: '咨询人员',
  reviewer: '审批人员',
  department_head: '部门负责人',
  supervisor: '督查人员',
  admin: '系统管理员',
};
