import { describe, expect, it } from '@jest/globals';
import { menuFor } from './menu';

describe('menuFor', () => {
  const paths = (u: Parameters<typeof menuFor>[0]) => menuFor(u).map((m) => m.path);

  it('lands a window clerk on the comprehensive window, a pick-up clerk on the pick-up desk', () => {
    expect(paths({ roles: ['clerk'], window: 'W01' })).toEqual(['/window', '/pickup', '/board']);
    expect(paths({ roles: ['clerk'], window: 'P01' })).toEqual(['/pickup', '/board']);
  });

  it('gives reviewers and department heads the department workbench, nobody else', () => {
    expect(paths({ roles: ['reviewer'], department: 'FGW' })).toEqual(['/department', '/board']);
    expect(paths({ roles: ['department_head'], department: 'FGW' })).toEqual(['/department', '/board']);
    expect(paths({ roles: ['supervisor'] })).toEqual(['/board']);
    expect(menuFor({ roles: ['clerk'], window: 'W01' })[0]?.label).toBe('综合窗口');
  });
});
