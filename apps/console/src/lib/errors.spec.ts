import { describe, expect, it } from '@jest/globals';
import { errorText } from './errors';

describe('errorText', () => {
  it("shows the API's Chinese message and every problem it lists", () => {
    const t = errorText(
      { error: { code: 'VALIDATION_FAILED', message: 'validation failed', messageZh: '请求参数有误', details: [{ field: 'applicant.phone', problem: '手机号码须为11位中国大陆手机号' }, { field: 'project.code', problem: '项目代码格式不正确' }] } },
      400,
    );
    expect(t).toEqual({ code: 'VALIDATION_FAILED', message: '请求参数有误', problems: ['手机号码须为11位中国大陆手机号', '项目代码格式不正确'] });
  });

  it('uses a Chinese message of the status when the answer has none (a proxy in between, an empty body)', () => {
    expect(errorText(undefined, 503).message).toBe('服务暂时不可用，请稍后再试');
    expect(errorText({ error: { code: 'X', message: 'boom' } }, 418).message).toBe('请求未成功（418）');
    expect(errorText({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } }, 401).message).toBe('用户名或密码错误');
  });
});
