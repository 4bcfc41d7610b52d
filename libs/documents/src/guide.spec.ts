import { describe, expect, it } from '@jest/globals';
import { pageTexts } from '@yichuang/testing';
import { renderServiceGuide, type GuideItem, type ServiceGuideData } from './guide.js';

const item: GuideItem = {
  code: 'FGW-002',
  name: '企业投资项目核准',
  stage: 1,
  department: '发展和改革委员会',
  kind: 'promised',
  legalDays: 20,
  promisedDays: 13,
  legalBasis: '《企业投资项目核准和备案管理条例》第九条',
  result: '企业投资项目核准批复',
  fees: { free: true },
  delegatedToWindow: false,
  materials: [
    { name: '项目申请报告', required: true, original: 'original', forms: ['paper', 'electronic'] },
    { name: '建设项目用地预审与选址意见书', required: true, original: 'copy', forms: ['paper'], resultOf: { code: 'ZRZY-001', name: '建设项目用地预审与选址意见书核发' } },
  ],
};
const data: ServiceGuideData = {
  hall: { agency: '新县政务服务中心', address: '新县新集镇政务服务中心一楼', phone: '0376-2962000', windows: ['1号窗口（综合受理窗口一）'] },
  items: [item],
  catalogVersion: 7,
  date: '2026-11-26',
};

describe('办事指南', () => {
  it('tells the materials with forms and originals, the limits in working days, fees, basis, result, department and where to apply', async () => {
    const text = (await pageTexts(await renderServiceGuide(data))).join('');
    expect(text).toContain('企业投资项目核准办事指南');
    expect(text).toContain('第7版');
    for (const s of ['实施部门', '发展和改革委员会', '《企业投资项目核准和备案管理条例》第九条', '20个工作日', '13个工作日', '不收费', '企业投资项目核准批复', '项目申请报告', '纸质、电子', '复印件', '新县新集镇政务服务中心一楼', '1号窗口', '0376-2962000', '部门业务窗口审查后受理']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('前置事项：建设项目用地预审与选址意见书核发的办理结果');
  });

  it("a stage's guide lists its items in order; a fee is printed with its basis; the same data gives the same bytes", async () => {
    const paid: GuideItem = { ...item, code: 'FGW-009', name: '收费的事项', kind: 'instant', legalDays: 0, promisedDays: 0, fees: { free: false, amount: 1200, basis: '豫发改收费〔2017〕1号' }, delegatedToWindow: true };
    const stage = { ...data, items: [item, paid], stage: 1 as const };
    const text = (await pageTexts(await renderServiceGuide(stage))).join('');
    expect(text).toContain('立项用地规划许可阶段办事指南');
    expect(text).toContain('一、企业投资项目核准');
    expect(text).toContain('二、收费的事项');
    expect(text).toContain('1200元（收费依据：豫发改收费〔2017〕1号）');
    expect(text).toContain('当场办结');
    expect(text).toContain('综合窗口直接受理（加大窗口工作授权）');
    expect((await renderServiceGuide(stage)).equals(await renderServiceGuide(stage))).toBe(true);
  });
});
