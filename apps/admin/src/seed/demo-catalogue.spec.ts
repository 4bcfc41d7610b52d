import { describe, expect, it } from '@jest/globals';
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_ITEMS,
  DEMO_WINDOWS,
  KEY_PERMIT_DOCUMENT_TYPES,
  STAGES,
  type DemoRole,
} from './demo-catalogue.js';

const ASCII_CODE = /^[A-Za-z0-9-]+$/;

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe('demo catalogue: departments', () => {
  it('has the five departments of the gateway contract, with unique codes and names', () => {
    const byCode = new Map(DEMO_DEPARTMENTS.map((d) => [d.code, d.name]));
    expect(byCode.get('FGW')).toBe('发展和改革委员会');
    expect(byCode.get('ZRZY')).toBe('自然资源局');
    expect(byCode.get('ZJJ')).toBe('住房和城乡建设局');
    expect(byCode.get('STHJ')).toBe('生态环境局');
    expect(byCode.get('RFB')).toBe('人民防空办公室');
    expect(duplicates(DEMO_DEPARTMENTS.map((d) => d.code))).toEqual([]);
    expect(duplicates(DEMO_DEPARTMENTS.map((d) => d.shortName))).toEqual([]);
  });

  it('gives each department a full name, a document-number abbreviation and a 0376 phone', () => {
    for (const d of DEMO_DEPARTMENTS) {
      expect(d.code).toMatch(/^[A-Z]+$/);
      expect(d.fullName).toContain(d.name);
      expect(d.shortName).toMatch(/^新/);
      expect(d.phone).toMatch(/^0376-\d{7}$/);
    }
    expect(DEMO_DEPARTMENTS.find((d) => d.code === 'FGW')?.fullName).toBe('新县发展和改革委员会');
  });
});

describe('demo catalogue: stages', () => {
  it('lists the four stages in order, each led by a known department', () => {
    expect(STAGES.map((s) => s.stage)).toEqual([1, 2, 3, 4]);
    expect(STAGES.map((s) => s.name)).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']);
    expect(STAGES.map((s) => s.code)).toEqual(['stage1', 'stage2', 'stage3', 'stage4']);
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const s of STAGES) expect(departments.has(s.leadDepartmentCode)).toBe(true);
    expect(STAGES.find((s) => s.stage === 2)?.leadDepartmentCode).toBe('ZRZY');
    expect(STAGES.find((s) => s.stage === 3)?.leadDepartmentCode).toBe('ZJJ');
    expect(STAGES.find((s) => s.stage === 4)?.leadDepartmentCode).toBe('ZJJ');
  });

  it('has at least one item in every stage, and stage 1 spans at least two departments', () => {
    for (const s of STAGES) {
      expect(DEMO_ITEMS.filter((i) => i.stage === s.stage).length).toBeGreaterThanOrEqual(1);
    }
    const stage1Departments = new Set(DEMO_ITEMS.filter((i) => i.stage === 1).map((i) => i.departmentCode));
    expect(stage1Departments.size).toBeGreaterThanOrEqual(2);
  });

  it('has every stage lead owning at least one item of its stage', () => {
    for (const s of STAGES) {
      expect(DEMO_ITEMS.some((i) => i.stage === s.stage && i.departmentCode === s.leadDepartmentCode)).toBe(true);
    }
  });
});

describe('demo catalogue: items', () => {
  it('has unique ASCII item codes prefixed by the owning department', () => {
    expect(duplicates(DEMO_ITEMS.map((i) => i.code))).toEqual([]);
    for (const item of DEMO_ITEMS) {
      expect(item.code).toMatch(ASCII_CODE);
      expect(item.code.startsWith(`${item.departmentCode}-`)).toBe(true);
    }
  });

  it('has unique item names', () => {
    expect(duplicates(DEMO_ITEMS.map((i) => i.name))).toEqual([]);
  });

  it('assigns every item to an existing department', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const item of DEMO_ITEMS) {
      expect({ item: item.code, department: departments.has(item.departmentCode) }).toEqual({ item: item.code, department: true });
    }
  });

  it.each([
    ['企业投资项目备案', 'FGW', 1],
    ['企业投资项目核准', 'FGW', 1],
    ['用地预审与选址意见书', 'ZRZY', 1],
    ['建设用地规划许可证', 'ZRZY', 1],
    ['环境影响报告书', 'STHJ', 1],
    ['环境影响报告表', 'STHJ', 1],
    ['建设工程规划许可证', 'ZRZY', 2],
    ['施工图联合审查', 'ZJJ', 3],
    ['特殊建设工程消防设计审查', 'ZJJ', 3],
    ['人防工程设计审查', 'RFB', 3],
    ['建筑工程施工许可证', 'ZJJ', 3],
    ['联合验收', 'ZJJ', 4],
    ['特殊建设工程消防验收', 'ZJJ', 4],
    ['竣工验收备案', 'ZJJ', 4],
  ])('contains the DOMAIN.md item %s (department %s, stage %d) exactly once', (name, department, stage) => {
    const matches = DEMO_ITEMS.filter((i) => i.name.includes(name));
    expect(matches).toHaveLength(1);
    expect(matches[0]?.departmentCode).toBe(department);
    expect(matches[0]?.stage).toBe(stage);
  });

  it('takes the legal limits of DOMAIN.md where the table gives one', () => {
    const legal = (name: string): number | undefined => DEMO_ITEMS.find((i) => i.name.includes(name))?.legalDays;
    expect(legal('企业投资项目核准')).toBe(20);
    expect(legal('用地预审与选址意见书')).toBe(20);
    expect(legal('建设用地规划许可证')).toBe(20);
    expect(legal('环境影响报告书')).toBe(60);
    expect(legal('环境影响报告表')).toBe(30);
    expect(legal('建设工程规划许可证')).toBe(20);
    expect(legal('特殊建设工程消防设计审查')).toBe(15);
    expect(legal('建筑工程施工许可证')).toBe(7);
  });

  it('keeps promised limits within the legal limit (≤ 2/3, key permits ≤ 1/2, at least 1 day)', () => {
    for (const item of DEMO_ITEMS) {
      expect(Number.isInteger(item.legalDays) && item.legalDays >= 0).toBe(true);
      expect(Number.isInteger(item.promisedDays) && item.promisedDays >= 0).toBe(true);
      expect(item.promisedDays).toBeLessThanOrEqual(item.legalDays);
      if (item.kind === 'promised') {
        const ratio = KEY_PERMIT_DOCUMENT_TYPES.includes(item.resultDocument.type) ? 1 / 2 : 2 / 3;
        const ceiling = Math.max(1, Math.floor(item.legalDays * ratio));
        expect({ item: item.code, withinCeiling: item.promisedDays >= 1 && item.promisedDays <= ceiling }).toEqual({
          item: item.code,
          withinCeiling: true,
        });
      } else {
        // instant (即办件) and notify-and-commit (告知承诺) items are decided at the window
        expect({ item: item.code, promisedDays: item.promisedDays }).toEqual({ item: item.code, promisedDays: 0 });
      }
    }
  });

  it('marks the three key permits by their result document type', () => {
    const keyPermits = DEMO_ITEMS.filter((i) => KEY_PERMIT_DOCUMENT_TYPES.includes(i.resultDocument.type)).map((i) => i.resultDocument.name);
    expect(keyPermits.sort()).toEqual(['建筑工程施工许可证', '建设工程规划许可证', '建设用地规划许可证'].sort());
  });

  it('makes 企业投资项目备案 an instant item and at least one item notify-and-commit', () => {
    const filing = DEMO_ITEMS.find((i) => i.name.includes('企业投资项目备案'));
    expect(filing?.kind).toBe('instant');
    expect(filing?.promisedDays).toBe(0);
    expect(DEMO_ITEMS.filter((i) => i.kind === 'notify_commit').length).toBeGreaterThanOrEqual(1);
    expect(DEMO_ITEMS.find((i) => i.name.includes('竣工验收备案'))?.kind).toBe('notify_commit');
  });

  it('names a result document (ASCII type, Chinese name) and a legal basis for every item', () => {
    for (const item of DEMO_ITEMS) {
      expect(item.resultDocument.type).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(item.resultDocument.name).toMatch(/[\u4e00-\u9fff]/);
      expect(item.legalBasis).toMatch(/《.+》/);
    }
  });
});

describe('demo catalogue: materials', () => {
  it('lists 3 to 7 materials per item, at least one of them required', () => {
    for (const item of DEMO_ITEMS) {
      const count = item.materials.length;
      expect({ item: item.code, threeToSeven: count >= 3 && count <= 7 }).toEqual({ item: item.code, threeToSeven: true });
      expect({ item: item.code, required: item.materials.some((m) => m.required) }).toEqual({ item: item.code, required: true });
    }
  });

  it('has material codes unique within each item and ASCII', () => {
    for (const item of DEMO_ITEMS) {
      expect({ item: item.code, duplicates: duplicates(item.materials.map((m) => m.code)) }).toEqual({ item: item.code, duplicates: [] });
      for (const m of item.materials) expect(m.code).toMatch(/^M\d{2}$/);
    }
  });

  it('gives every material a Chinese name and at least one form, without repeats', () => {
    for (const item of DEMO_ITEMS) {
      for (const m of item.materials) {
        expect(m.name).toMatch(/[\u4e00-\u9fff]/);
        expect(m.forms.length).toBeGreaterThanOrEqual(1);
        expect(duplicates(m.forms)).toEqual([]);
      }
      expect(duplicates(item.materials.map((m) => m.name))).toEqual([]);
    }
  });
});

describe('demo catalogue: windows', () => {
  it('has unique window numbers, the contract windows and every queue category served', () => {
    expect(duplicates(DEMO_WINDOWS.map((w) => w.no))).toEqual([]);
    const w01 = DEMO_WINDOWS.find((w) => w.no === 'W01');
    expect(w01?.kind).toBe('comprehensive');
    expect(w01?.categories).toEqual(['stage1', 'stage2', 'stage3', 'stage4']);
    expect(DEMO_WINDOWS.find((w) => w.no === 'C01')?.kind).toBe('consultation');
    expect(DEMO_WINDOWS.find((w) => w.no === 'P01')?.kind).toBe('pickup');
    const served = new Set(DEMO_WINDOWS.flatMap((w) => w.categories));
    for (const category of ['stage1', 'stage2', 'stage3', 'stage4', 'consult', 'pickup']) expect(served.has(category)).toBe(true);
  });
});

describe('demo catalogue: accounts', () => {
  it('has unique usernames', () => {
    expect(duplicates(DEMO_ACCOUNTS.map((a) => a.username))).toEqual([]);
  });

  it.each<[string, DemoRole, string | undefined, string | undefined]>([
    ['clerk1', 'clerk', undefined, 'W01'],
    ['consult1', 'consultant', undefined, 'C01'],
    ['fgw1', 'reviewer', 'FGW', undefined],
    ['zrzy1', 'reviewer', 'ZRZY', undefined],
    ['zjj1', 'reviewer', 'ZJJ', undefined],
    ['sthj1', 'reviewer', 'STHJ', undefined],
    ['rfb1', 'reviewer', 'RFB', undefined],
    ['supervisor1', 'supervisor', undefined, undefined],
    ['admin', 'admin', undefined, undefined],
  ])('has the contract account %s (%s, department %s, window %s)', (username, role, department, window) => {
    const account = DEMO_ACCOUNTS.find((a) => a.username === username);
    expect(account).toBeDefined();
    expect(account?.roles).toEqual([role]);
    expect(account?.departmentCode).toBe(department);
    expect(account?.windowNo).toBe(window);
  });

  it('refers only to existing departments and windows, with Chinese display names and mobile phones', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    const windows = new Set(DEMO_WINDOWS.map((w) => w.no));
    for (const a of DEMO_ACCOUNTS) {
      if (a.departmentCode !== undefined) expect(departments.has(a.departmentCode)).toBe(true);
      if (a.windowNo !== undefined) expect(windows.has(a.windowNo)).toBe(true);
      expect(a.displayName).toMatch(/[\u4e00-\u9fff]/);
      expect(a.phone).toMatch(/^1\d{10}$/);
      expect(a.roles.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every window whose clerks call the queue an account bound to it (a clerk acts for its own window only)', () => {
    for (const w of DEMO_WINDOWS) {
      expect([w.no, DEMO_ACCOUNTS.some((a) => a.windowNo === w.no && (a.roles.includes('clerk') || a.roles.includes('consultant')))]).toEqual([w.no, true]);
    }
    expect(DEMO_ACCOUNTS.find((a) => a.username === 'clerk2')?.windowNo).toBe('W02');
    expect(DEMO_ACCOUNTS.find((a) => a.username === 'pickup1')?.windowNo).toBe('P01');
  });

  it('gives reviewers and department heads a department, and every department a reviewer', () => {
    for (const a of DEMO_ACCOUNTS) {
      if (a.roles.includes('reviewer') || a.roles.includes('department_head')) expect(a.departmentCode).toBeDefined();
    }
    for (const d of DEMO_DEPARTMENTS) {
      expect(DEMO_ACCOUNTS.some((a) => a.departmentCode === d.code && a.roles.includes('reviewer'))).toBe(true);
    }
  });
});
