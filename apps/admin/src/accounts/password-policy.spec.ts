import { describe, expect, it } from '@jest/globals';
import { passwordProblems } from './password-policy.js';

describe('password policy', () => {
  it('accepts ≥ 10 characters of 3 classes without the username', () => {
    expect(passwordProblems('Xin-county42', 'clerk1')).toEqual([]);
    expect(passwordProblems('abcdefgh12!', 'clerk1')).toEqual([]);
    expect(passwordProblems('密码很长很长Abc1', 'clerk1')).toEqual([]);
  });

  it('lists every problem in Chinese', () => {
    expect(passwordProblems('short', 'clerk1')).toEqual(['密码至少10个字符', '密码须至少包含小写字母、大写字母、数字、其他字符中的三类']);
    expect(passwordProblems('abcdefghijk', 'clerk1')).toEqual(['密码须至少包含小写字母、大写字母、数字、其他字符中的三类']);
    expect(passwordProblems('MyCLERK1-password', 'clerk1')).toEqual(['密码不得包含用户名']);
    expect(passwordProblems('clerk1', 'clerk1')).toHaveLength(3);
  });
});
