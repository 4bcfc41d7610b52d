/** The password policy for passwords set or changed (demo accounts seeded from DEMO_PASSWORD are not checked). */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * Every problem of a new password, in Chinese for the person choosing it (empty: acceptable): at least 10
 * characters, at least 3 of 4 classes (lower-case, upper-case, digits, other characters), not containing the
 * username (ignoring case).
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`密码至少${PASSWORD_MIN_LENGTH}个字符`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须至少包含小写字母、大写字母、数字、其他字符中的三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不得包含用户名');
  return problems;
}
