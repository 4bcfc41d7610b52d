import { describe, expect, it } from '@jest/globals';
import { checklistFor, missingRequired } from './checklist';

const items = [
  { code: 'A', name: '甲事项', materials: [{ code: 'A-M1', name: '申请表', required: false, forms: ['paper'] }, { code: 'A-M2', name: '营业执照', required: true, forms: ['paper'] }] },
  { code: 'B', name: '乙事项', materials: [{ code: 'B-M1', name: '设计方案', required: true, forms: ['paper', 'electronic'] }] },
];

describe('the materials checklist', () => {
  it('lists the materials of the chosen items in their order, required first', () => {
    expect(checklistFor(items, ['B', 'A']).map((m) => `${m.itemName}:${m.name}:${m.required}`)).toEqual(['乙事项:设计方案:true', '甲事项:营业执照:true', '甲事项:申请表:false']);
    expect(checklistFor(items, [])).toEqual([]);
    expect(checklistFor(items, ['X'])).toEqual([]);
  });

  it('names the required materials not ticked', () => {
    const list = checklistFor(items, ['A', 'B']);
    expect(missingRequired(list, new Set(['A-M2'])).map((m) => m.code)).toEqual(['B-M1']);
    expect(missingRequired(list, new Set(['A-M2', 'B-M1']))).toEqual([]);
  });
});
