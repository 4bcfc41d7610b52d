import { describe, expect, it } from '@jest/globals';
import { catalogProblems, materialsRemoved, type ItemState } from './catalog-rules.js';

const m = (code: string, extra: Partial<ItemState['materials'][number]> = {}) => ({ code, name: code, required: true, original: 'copy' as const, forms: ['paper' as const], ...extra });
const item = (code: string, materials = [m(`${code}-M01`)]): ItemState => ({
  code,
  name: code,
  stage: 1,
  departmentCode: 'FGW',
  kind: 'promised',
  legalDays: 20,
  promisedDays: 10,
  materials,
  fees: { free: true },
});
const ctx = (others: ItemState[]) => ({ others, scheduledCodes: ['ZRZY-009'], departments: new Set(['FGW', 'ZRZY']) });

describe('catalogue rules', () => {
  it('lists every problem at once', () => {
    const bad: ItemState = { ...item('FGW-009'), departmentCode: 'XX', promisedDays: 30, fees: { free: false }, materials: [m('A', { required: false }), m('A', { required: false })] };
    expect(catalogProblems(bad, ctx([])).map((p) => p.field)).toEqual(['departmentCode', 'promisedDays', 'materials', 'materials', 'fees']);
  });

  it('wants a prerequisite to be another item of the catalogue (or one scheduled), never a circle', () => {
    const a = item('ZRZY-001');
    expect(catalogProblems(item('FGW-009', [m('FGW-009-M01', { resultOfItem: 'ZRZY-001' })]), ctx([a]))).toEqual([]);
    expect(catalogProblems(item('FGW-009', [m('FGW-009-M01', { resultOfItem: 'ZRZY-009' })]), ctx([a]))).toEqual([]);
    expect(catalogProblems(item('FGW-009', [m('FGW-009-M01', { resultOfItem: 'NO-001' })]), ctx([a]))[0]).toMatchObject({ field: 'materials[0].resultOfItem', problem: 'unknown approval item NO-001' });
    expect(catalogProblems(item('FGW-009', [m('FGW-009-M01', { resultOfItem: 'FGW-009' })]), ctx([a]))[0]?.problem).toContain('own prerequisite');
    // ZRZY-001 needs FGW-009's result, so FGW-009 cannot need ZRZY-001's
    const needsB = item('ZRZY-001', [m('ZRZY-001-M01', { resultOfItem: 'FGW-009' })]);
    expect(catalogProblems(item('FGW-009', [m('FGW-009-M01', { resultOfItem: 'ZRZY-001' })]), ctx([needsB]))[0]?.problem).toContain('circle');
  });

  it('names the materials a change removes', () => {
    const before = item('FGW-009', [m('FGW-009-M01'), m('FGW-009-M02')]);
    expect(materialsRemoved(before, item('FGW-009', [m('FGW-009-M02'), m('FGW-009-M03')])).map((x) => x.code)).toEqual(['FGW-009-M01']);
    expect(materialsRemoved(before, before)).toEqual([]);
  });
});
