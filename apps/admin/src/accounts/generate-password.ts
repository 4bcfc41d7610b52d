import { randomInt } from 'node:crypto';

/**
 * 16 characters from an alphabet without look-alikes (no l/1, O/0), every class present (the policy asks for 3 of 4),
 * from the CSPRNG: initial and reset passwords, shown once.
 */
export function generatePassword(): string {
  const classes = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+='];
  const all = classes.join('');
  const chars = classes.map((c) => c[randomInt(c.length)] as string);
  while (chars.length < 16) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
