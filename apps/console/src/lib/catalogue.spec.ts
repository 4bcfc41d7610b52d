import { describe, expect, it } from '@jest/globals';
import {
  catalogueProblemZh,
  createBody,
  draftOf,
  draftProblems,
  emptyMaterial,
  feesText,
  limitsText,
  localMaterialCode,
  materialText,
  nextMaterialCode,
  pendingByItem,
  pendingText,
  updateBody,
  versionsOf,
  type CatalogueItemView,
  type ItemDraft,
} from './catalogue';

const draft = (over: Partial<ItemDraft> = {}): ItemDraft => ({
  code: 'FGW-901',
  name: '企业投资项目备案（测试）',
  stage: 1,
  departmentCode: 'FGW',
  kind: 'promised',
  legalDays: 20,
  promisedDays: 5,
  materials: [
    { code: 'M01', name: '备案申请表', required: true, original: 'original', forms: ['paper'] },
    { code: 'M02', name: '用地预审意见', required: false, original: 'copy', forms: ['paper', 'electronic'], resultOfItem: 'ZRZY-001' },
  ],
  resultDocumentType: 'FILING_CERT',
  resultDocumentName: '企业投资项目备案证明',
  legalBasis: '《企业投资项目核准和备案管理条例》第三条',
  free: true,
  windowReview: 'required',
  note: '新增事项',
  ...over,
});

describe('the catalogue form', () => {
  it('finds nothing wrong with a complete item, and builds the create body with item-local material codes', () => {
    expect(draftProblems(draft(), '2026-12-07', true)).toEqual([]);
    const body = createBody(draft({ effectiveFrom: '2027-01-01' }));
    expect(body).toMatchObject({ code: 'FGW-901', departmentCode: 'FGW', stage: 1, fees: { free: true }, resultDocument: { type: 'FILING_CERT' }, effectiveFrom: '2027-01-01' });
    expect(body.materials.map((m) => m.code)).toEqual(['M01', 'M02']);
    expect(body.materials[1]).toMatchObject({ resultOfItem: 'ZRZY-001', forms: ['paper', 'electronic'] });
    expect('resultOfItem' in (body.materials[0] ?? {})).toBe(false);
    expect('effectiveFrom' in createBody(draft())).toBe(false);
  });

  it('lists every problem in Chinese, as the catalogue service would', () => {
    const p = draftProblems(
      draft({
        code: 'fgw-1',
        name: ' ',
        departmentCode: '',
        promisedDays: 30,
        materials: [
          { code: 'M01', name: '', required: false, original: 'original', forms: [] },
          { code: 'M01', name: '乙', required: false, original: 'copy', forms: ['paper'], resultOfItem: 'FGW-901' },
        ],
        free: false,
        effectiveFrom: '2026-12-01',
        note: '',
      }),
      '2026-12-07',
      true,
    );
    expect(p).toEqual([
      '事项编码须为“部门代码-三位数字”，如 FGW-003',
      '请填写事项名称',
      '请选择实施部门',
      '承诺办结时限不能超过法定办结时限',
      '至少一项申请材料须为必需',
      '第1项材料：请填写材料名称',
      '第1项材料：请至少选择一种材料形式（纸质或电子）',
      '第2项材料：材料编码M01重复',
      '收费事项须填写收费金额（元，正整数）',
      '收费事项须填写收费依据',
      '生效日期不能早于今天（2026年12月7日）',
      '请填写变更说明',
    ]);
    // an item of its own as prerequisite: said when the code is right
    expect(draftProblems(draft({ materials: [{ code: 'M01', name: '甲', required: true, original: 'original', forms: ['paper'], resultOfItem: 'FGW-901' }] }), '2026-12-07', true)).toEqual([
      '第1项材料：事项不能以自身为前置事项',
    ]);
    expect(draftProblems(draft({ kind: 'promised', promisedDays: 0 }), '2026-12-07', false)).toEqual(['承诺件的承诺办结时限至少为1个工作日']);
    expect(draftProblems(draft({ materials: [] }), '2026-12-07', false)).toEqual(['至少填写一项申请材料']);
  });

  it('fills the form from an item as listed (告知承诺件 from commitment, material codes without the item prefix) and sends what PATCH takes', () => {
    const item: CatalogueItemView = {
      code: 'ZRZY-001',
      name: '建设项目用地预审与选址意见书',
      stage: 1,
      department: { code: 'ZRZY', name: '自然资源局' },
      kind: 'instant',
      commitment: true,
      legalDays: 20,
      promisedDays: 0,
      materials: [{ code: 'ZRZY-001-M01', name: '申请表', required: true, original: 'original', forms: ['paper'] }],
      resultDocument: { type: 'SITE_AND_LAND_PRE_APPROVAL', name: '建设项目用地预审与选址意见书' },
      fees: { free: false, amount: 1200, basis: '豫发改收费〔2017〕1234号' },
    };
    const d = draftOf(item);
    expect(d).toMatchObject({ kind: 'notify_commit', departmentCode: 'ZRZY', free: false, amount: 1200, feeBasis: '豫发改收费〔2017〕1234号', windowReview: 'required', legalBasis: '' });
    expect(d.materials[0]?.code).toBe('M01');
    const body = updateBody({ ...d, legalBasis: '依据', note: '调整收费', effectiveFrom: '2027-01-01' });
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['code']));
    expect(body).not.toHaveProperty('departmentCode');
    expect(body).not.toHaveProperty('stage');
    expect(body).toMatchObject({ note: '调整收费', effectiveFrom: '2027-01-01', fees: { free: false, amount: 1200, basis: '豫发改收费〔2017〕1234号' } });
    expect(localMaterialCode('ZRZY-001', 'M02')).toBe('M02');
  });

  it('numbers new materials with the first free code', () => {
    expect(nextMaterialCode([])).toBe('M01');
    expect(nextMaterialCode([{ code: 'M01' }, { code: 'M03' }])).toBe('M02');
    expect(emptyMaterial([{ code: 'M01' }])).toEqual({ code: 'M02', name: '', required: true, original: 'original', forms: ['paper'] });
  });

  it('groups the changes waiting for their day by item, says them in Chinese, and picks an item’s versions', () => {
    const by = pendingByItem([
      { id: '2', itemCode: 'A-001', kind: 'retire', effectiveFrom: '2027-02-01', note: '', createdBy: 'admin', createdAt: '' },
      { id: '1', itemCode: 'A-001', kind: 'update', effectiveFrom: '2027-01-01', note: '', createdBy: 'admin', createdAt: '' },
      { id: '3', itemCode: 'B-001', kind: 'create', effectiveFrom: '2027-01-01', note: '', createdBy: 'admin', createdAt: '' },
    ]);
    expect(by.get('A-001')?.map((c) => c.id)).toEqual(['1', '2']);
    expect(pendingText({ kind: 'update', effectiveFrom: '2027-01-01' })).toBe('2027年1月1日起修改（待生效）');
    expect(pendingText({ kind: 'retire', effectiveFrom: '2027-02-01' })).toBe('2027年2月1日起停用（待生效）');
    const v = versionsOf(
      [
        { version: 2, note: 'a', createdBy: 'admin', createdAt: '', itemCode: 'A-001' },
        { version: 3, note: 'b', createdBy: 'admin', createdAt: '', itemCode: 'B-001' },
        { version: 4, note: 'c', createdBy: 'admin', createdAt: '', itemCode: 'A-001' },
      ],
      'A-001',
    );
    expect(v.map((x) => x.version)).toEqual([4, 2]);
  });

  it('describes materials, limits and fees in Chinese', () => {
    expect(materialText({ required: true, original: 'copy', forms: ['paper', 'electronic'], resultOfItem: 'ZRZY-001' })).toBe('必需 · 复印件 · 纸质、电子 · 前置事项 ZRZY-001 的办理结果');
    expect(limitsText({ kind: 'promised', legalDays: 20, promisedDays: 10 })).toBe('承诺件 · 法定20个工作日 · 承诺10个工作日');
    expect(limitsText({ kind: 'instant', legalDays: 0, promisedDays: 0 })).toBe('即办件 · 法定0个工作日');
    expect(feesText(undefined)).toBe('免费');
    expect(feesText({ free: false, amount: 1200, basis: '依据' })).toBe('1200元（依据）');
  });

  it("says the catalogue service's English problems in Chinese, anything unknown as it came", () => {
    expect(catalogueProblemZh('unknown department XYZ')).toBe('部门XYZ不存在');
    expect(catalogueProblemZh('unknown approval item ABC-001')).toBe('前置事项ABC-001不存在');
    expect(catalogueProblemZh('must not be before today (2026-12-07)')).toBe('生效日期不能早于今天（2026年12月7日）');
    expect(catalogueProblemZh('事项“甲”尚有2件申请在办')).toBe('事项“甲”尚有2件申请在办');
  });
});
