import { describe, expect, it } from '@jest/globals';
import { RESULT_DOCUMENT_TYPE_TEXT, RESULT_DOCUMENT_TYPES, type ResultDocumentType } from '@yichuang/domain';
import { resultData, verification } from './fixtures.testing.js';
import { decodeQr, pageTexts, textOf } from '@yichuang/testing';
import { RESULT_DOCUMENT_REGISTRY, renderResultDocument, resultDocumentSpec, type ResultDocumentSpec } from './results.js';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

describe('the registry of result document types', () => {
  it('has an entry for every type of the catalogue, titled by its standard name', () => {
    expect(Object.keys(RESULT_DOCUMENT_REGISTRY).sort()).toEqual([...RESULT_DOCUMENT_TYPES].sort());
    for (const type of RESULT_DOCUMENT_TYPES) expect(RESULT_DOCUMENT_REGISTRY[type].title).toBe(RESULT_DOCUMENT_TYPE_TEXT[type]);
  });

  it('lays out a licence (许可证, 证明, 合格书, 备案表) as a certificate and a 批复 or 意见书 as a letter', () => {
    for (const type of RESULT_DOCUMENT_TYPES) {
      const { title, layout } = RESULT_DOCUMENT_REGISTRY[type];
      const expected: Record<string, string> = { 许可证: 'certificate', 证明: 'certificate', 合格书: 'certificate', 备案表: 'certificate', 批复: 'letter', 审批意见书: 'letter', 意见书: 'letter' };
      const ending = Object.keys(expected).find((e) => title.endsWith(e));
      // 建设项目用地预审与选址意见书 is the exception: its form is prescribed nationally as a certificate (用字第…号)
      if (type === 'SITE_AND_LAND_PRE_APPROVAL') expect(layout).toBe('certificate');
      else expect([type, layout]).toEqual([type, expected[ending ?? '']]);
    }
  });

  it('refuses a type it does not know, rather than print a document nobody defined', () => {
    expect(() => resultDocumentSpec('PARKING_PERMIT')).toThrow(RangeError);
  });
});

describe('result documents', () => {
  it.each(RESULT_DOCUMENT_TYPES)('%s: title, number, holder, project, legal basis, conditions, verification code, seal and page numbers', async (type) => {
    const d = resultData(type);
    const pages = await pageTexts(await renderResultDocument(d));
    const text = pages.join('');
    const spec = RESULT_DOCUMENT_REGISTRY[type];
    expect(text).toContain(spec.title);
    expect(text).toContain(d.documentNo);
    expect(text).toContain(d.holder.name);
    expect(text).toContain(d.project.name);
    expect(text).toContain(d.legalBasis);
    for (const c of d.conditions ?? []) expect(text).toContain(c);
    for (const { caption } of spec.fields) expect(text).toContain(caption);
    expect(text).toContain('核验码：K7M2Q9X4T6WB');
    expect(text).toContain(d.issuer.name);
    expect(text).toContain('2026年12月3日');
    pages.forEach((p, i) => expect(p).toContain(`第${i + 1}页共${pages.length}页`));
    // the seal shares its page with the document's text
    const sealPage = pages.find((p) => p.includes(SEAL_PLACEHOLDER_TEXT)) ?? '';
    expect(sealPage.replace(/第\d+页共\d+页/, '').length).toBeGreaterThan(150);
  });

  it('prints each type’s own particulars under its own captions, and ／ where the data have none', async () => {
    const land = await textOf(await renderResultDocument(resultData('LAND_PLANNING_PERMIT')));
    expect(land).toContain('中华人民共和国');
    expect(land).toContain('用地单位新县城投建设有限公司');
    expect(land).toContain('用地面积32,516.8平方米');
    expect(land).toContain('土地用途城镇住宅用地');
    expect(land).toContain('遵守事项');
    expect(land).not.toContain('合同价格');

    const permit = await textOf(await renderResultDocument({ ...resultData('CONSTRUCTION_PERMIT'), particulars: { contractPrice: '29,600万元' } }));
    expect(permit).toContain('合同价格29,600万元');
    expect(permit).toContain('施工单位／');
    expect(permit).toContain('本证放置施工现场，作为准予施工的凭证。');

    const eia = await textOf(await renderResultDocument({ ...resultData('EIA_APPROVAL'), validity: { from: '2026-12-03', to: '2031-12-02' } }));
    expect(eia).toContain('新县城投建设有限公司：');
    expect(eia).toContain('一、项目基本情况');
    expect(eia).toContain('我局同意你单位按照环境影响评价文件');
    expect(eia).toContain('本批复有效期：自2026年12月3日起至2031年12月2日止。');
    expect(eia).toContain('特此批复。');
  });

  it('prints the catalogue’s name of the document instead of the standard title when given', async () => {
    const text = await textOf(await renderResultDocument(resultData('FILING_CERT', { title: '河南省企业投资项目备案证明' })));
    expect(text).toContain('河南省企业投资项目备案证明');
  });

  it('takes a layout given as data: a new type, or a province’s wording, is an entry, not code', async () => {
    const spec: ResultDocumentSpec = {
      title: '城市道路挖掘许可证',
      layout: 'certificate',
      preamble: '根据{legalBasis}，经审查，准予挖掘城市道路。',
      fields: [
        { field: 'holder', caption: '挖掘单位' },
        { field: 'location', caption: '挖掘地点' },
        { field: 'validity', caption: '挖掘期限' },
      ],
      conditionsCaption: '施工要求',
    };
    const text = await textOf(
      await renderResultDocument({ ...resultData('CONSTRUCTION_PERMIT'), legalBasis: '《城市道路管理条例》第三十条', validity: { from: '2026-12-05', to: '2026-12-20' } }, spec),
    );
    expect(text).toContain('城市道路挖掘许可证');
    expect(text).toContain('根据《城市道路管理条例》第三十条，经审查，准予挖掘城市道路。');
    expect(text).toContain('挖掘单位新县城投建设有限公司');
    expect(text).toContain('挖掘期限自2026年12月5日起至2026年12月20日止');
  });

  it.each<ResultDocumentType>(['CONSTRUCTION_PERMIT', 'EIA_APPROVAL'])('%s: the QR code on the rendered page reads back as the verification URL', async (type) => {
    const v = verification('P3R8N5H2W9ZC');
    const pdf = await renderResultDocument(resultData(type, { verification: v, conditions: [] }));
    const pages = await pageTexts(pdf);
    const page = pages.findIndex((p) => p.includes('核验码：P3R8N5H2W9ZC')) + 1;
    expect(page).toBeGreaterThan(0);
    expect(await decodeQr(pdf, page)).toBe(v.url);
  });

  it('gives the same bytes for the same data', async () => {
    const [a, b] = await Promise.all([renderResultDocument(resultData('LAND_PLANNING_PERMIT')), renderResultDocument(resultData('LAND_PLANNING_PERMIT'))]);
    expect(a.equals(b)).toBe(true);
    const c = await renderResultDocument(resultData('LAND_PLANNING_PERMIT', { documentNo: '地字第411523202600002号' }));
    expect(c.equals(a)).toBe(false);
  });
});
