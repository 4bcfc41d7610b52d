import { describe, expect, it } from '@jest/globals';
import { quietUntil } from './quiet-hours.js';

const at = (china: string) => new Date(`${china}+08:00`);
const iso = (china: string) => at(china).toISOString();

describe('quiet hours (免打扰时段), China time', () => {
  const held = (china: string) => quietUntil(at(china), '21:00', '08:00')?.toISOString() ?? null;

  it('sends at 20:59 and holds from 21:00 until 08:00 the next morning', () => {
    expect(held('2026-11-26T20:59:59')).toBeNull();
    expect(held('2026-11-26T21:00:00')).toBe(iso('2026-11-27T08:00:00'));
    expect(held('2026-11-26T22:30:00')).toBe(iso('2026-11-27T08:00:00'));
  });

  it('holds after midnight until 08:00 the same morning, and sends from 08:00', () => {
    expect(held('2026-11-27T00:00:00')).toBe(iso('2026-11-27T08:00:00'));
    expect(held('2026-11-27T07:59:59')).toBe(iso('2026-11-27T08:00:00'));
    expect(held('2026-11-27T08:00:00')).toBeNull();
    expect(held('2026-11-27T12:00:00')).toBeNull();
  });

  it('counts China time whatever the UTC date: 13:30 UTC is 21:30 in Shanghai', () => {
    expect(quietUntil(new Date('2026-12-31T13:30:00Z'), '21:00', '08:00')?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('has no daylight saving: the same hours in summer and winter', () => {
    expect(held('2026-07-01T21:00:00')).toBe(iso('2026-07-02T08:00:00'));
    expect(held('2026-01-01T21:00:00')).toBe(iso('2026-01-02T08:00:00'));
  });

  it('handles a window within one day, and none when from equals until', () => {
    expect(quietUntil(at('2026-11-26T12:30:00'), '12:00', '14:00')?.toISOString()).toBe(iso('2026-11-26T14:00:00'));
    expect(quietUntil(at('2026-11-26T11:59:00'), '12:00', '14:00')).toBeNull();
    expect(quietUntil(at('2026-11-26T14:00:00'), '12:00', '14:00')).toBeNull();
    expect(quietUntil(at('2026-11-26T23:00:00'), '08:00', '08:00')).toBeNull();
  });

  it('refuses a time that is not HH:mm', () => {
    expect(() => quietUntil(at('2026-11-26T23:00:00'), '9pm', '08:00')).toThrow(RangeError);
  });
});
