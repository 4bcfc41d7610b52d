import { describe, expect, it } from '@jest/globals';
import { menuFor } from './menu';

describe('menuFor', () => {
  const paths = (u: Parameters<typeof menuFor>[0]) => menuFor(u).map((m) => m.path);

  it('lands a window clerk on the comprehensive window, a pick-up clerk on the pick-up desk', () => {
    expect(paths({ roles: ['clerk'], window: 'W01' })).toEqual(['/window', '/window/paper', '/pickup', '/follow-up', '/board']);
    expect(paths({ roles: ['clerk'], window: 'P01' })).toEqual(['/pickup', '/follow-up', '/board']);
  });

  it('gives reviewers and department heads the department workbench, nobody else', () => {
    expect(paths({ roles: ['reviewer'], department: 'FGW' })).toEqual(['/department', '/board']);
    expect(paths({ roles: ['department_head'], department: 'FGW' })).toEqual(['/department', '/board']);
    expect(paths({ roles: ['supervisor'] })).not.toContain('/department');
    expect(menuFor({ roles: ['clerk'], window: 'W01' })[0]?.label).toBe('综合窗口');
  });

  it('lands the consultation window on the consultation desk', () => {
    expect(paths({ roles: ['consultant'], window: 'C01' })).toEqual(['/consultation', '/board']);
    expect(paths({ roles: ['clerk'], window: 'W01' })).not.toContain('/consultation');
  });

  it('lands the supervisor on the supervision dashboard and the administrator on the staff accounts', () => {
    expect(paths({ roles: ['supervisor'] })).toEqual(['/supervision', '/follow-up', '/admin/sms-templates', '/supervision/exchange', '/admin/audit', '/board']);
    expect(paths({ roles: ['admin'] })).toEqual(['/admin/accounts', '/admin/hall', '/admin/sections', '/admin/catalogue', '/admin/calendar', '/admin/sms-templates', '/supervision/exchange', '/admin/audit', '/board']);
    expect(paths({ roles: ['reviewer'], department: 'FGW' })).not.toContain('/supervision');
  });
});
