import { describe, expect, it } from '@jest/globals';
import { projectFill } from './project';

const found = { code: '2026-411523-48-01-000123', check: 'found' as const, project: { name: '标准化厂房项目', owner: '新县产业集聚区投资开发有限公司', location: '产业集聚区纬一路' }, message: '已带出' };

describe('what a project code lookup fills in', () => {
  it('fills the empty project fields and, for an enterprise, the applicant with the project owner', () => {
    expect(projectFill(found, { applicantKind: 'enterprise', applicantName: '', projectName: '', projectLocation: ' ' })).toEqual({
      fill: { applicantName: '新县产业集聚区投资开发有限公司', projectName: '标准化厂房项目', projectLocation: '产业集聚区纬一路' },
      tone: 'success',
    });
  });

  it('never overwrites what the clerk typed, nor makes the owner a person applicant', () => {
    expect(projectFill(found, { applicantKind: 'person', applicantName: '', projectName: '城北安置小区', projectLocation: '' }).fill).toEqual({ projectLocation: '产业集聚区纬一路' });
  });

  it('fills nothing when the platform does not know the code or cannot be asked, a warning only for an unknown code', () => {
    expect(projectFill({ code: found.code, check: 'unknown', message: '未登记' }, {})).toEqual({ fill: {}, tone: 'warning' });
    expect(projectFill({ code: found.code, check: 'unavailable', message: '暂时无法连接' }, {})).toEqual({ fill: {}, tone: 'info' });
  });
});
