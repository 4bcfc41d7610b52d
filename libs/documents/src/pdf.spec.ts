import { describe, expect, it } from '@jest/globals';
import { getDocumentProxy, getMeta } from 'unpdf';
import { closing, flow, grid, heading, paragraph, space, withClosing } from './layout.js';
import { chineseDate, chineseDateTime, chineseNumeral, fill, renderPdf } from './pdf.js';
import { decodeQr, pageTexts, textOf } from '@yichuang/testing';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

const url = 'https://zwfw.xinxian.gov.cn/verify/K7M2Q9X4T6WB';

function letter(date: string, paragraphs = 3): Promise<Buffer> {
  return renderPdf({ title: '测试文书', subject: '新政服测〔2026〕1号', date }, (doc) =>
    flow(
      doc,
      withClosing(
        [heading({ agency: '新县政务服务中心', title: '受理通知书', documentNo: '新政服受〔2026〕1号' }), ...Array.from({ length: paragraphs }, (_, i) => paragraph(`第${i + 1}段：建设用地规划许可证核发 411523-2026-000001。`.repeat(3)))],
        closing({ agency: '新县政务服务中心', date, verification: { code: 'K7M2Q9X4T6WB', url } }),
      ),
    ),
  );
}

describe('the page of the hall’s documents', () => {
  it('renders Chinese text that can be extracted back, with 第x页 共y页 on every page', async () => {
    const pdf = await letter('2026-11-26', 40);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`第${i + 1}页共${pages.length}页`));
    const text = pages.join('');
    expect(text).toContain('受理通知书');
    expect(text).toContain('建设用地规划许可证核发');
    expect(text).toContain('411523-2026-000001');
  });

  it('gives the same bytes for the same data: the file’s dates are the document’s, never the clock’s', async () => {
    const [a, b] = await Promise.all([letter('2026-11-26'), letter('2026-11-26')]);
    expect(a.equals(b)).toBe(true);
    const { info } = await getMeta(await getDocumentProxy(new Uint8Array(a)));
    // midnight of 26 November in China
    expect(info.CreationDate).toBe('D:20261125160000Z');
    expect(info.ModDate).toBe('D:20261125160000Z');
    // another date: another document, other bytes (and another file ID)
    const c = await letter('2026-11-27');
    expect(c.equals(a)).toBe(false);
  });

  it('draws the seal placeholder with the agency’s name, and a QR code that reads back, from the rendered page, as the verification URL', async () => {
    const pdf = await letter('2026-11-26');
    const text = await textOf(pdf);
    expect(text).toContain(SEAL_PLACEHOLDER_TEXT);
    expect(text).toContain('核验码：K7M2Q9X4T6WB');
    expect(text).toContain(chineseDate('2026-11-26'));
    expect(await decodeQr(pdf, 1)).toBe(url);
  });

  it('never leaves the seal alone at the top of a page: the last paragraph goes with it, wherever the page breaks', async () => {
    // push the end of the text down the page point by point, across the page break
    for (let gap = 200; gap <= 760; gap += 40) {
      const pdf = await renderPdf({ title: '测试', date: '2026-11-26' }, (doc) =>
        flow(doc, withClosing([heading({ title: '告知书' }), space(gap), paragraph('正文第一段。'.repeat(12)), paragraph('最后一段文字。'.repeat(6))], closing({ agency: '新县自然资源局', date: '2026-11-26', signatures: ['申请人（签字）：'] }))),
      );
      const pages = await pageTexts(pdf);
      const sealPage = pages.findIndex((p) => p.includes(SEAL_PLACEHOLDER_TEXT));
      expect([gap, sealPage >= 0]).toEqual([gap, true]);
      expect([gap, pages[sealPage]?.includes('最后一段文字。')]).toEqual([gap, true]);
      expect([gap, pages.filter((p) => p.includes(SEAL_PLACEHOLDER_TEXT)).length]).toEqual([gap, 1]);
    }
  });

  it('breaks a long table between rows and repeats its header on every page', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [String(i + 1), `证照名称${i + 1}`, `施字第41152320260${String(i + 1).padStart(4, '0')}号`]);
    const pdf = await renderPdf({ title: '测试', date: '2026-11-26' }, (doc) => flow(doc, [heading({ title: '清单' }), grid([{ width: 40 }, {}, { width: 200 }], rows, { header: ['序号', '名称', '编号'] })]));
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page).toContain('序号名称编号');
    const all = pages.join('');
    for (const r of rows) expect(all).toContain(`${r[1]}${r[2]}`);
  });
});

describe('Chinese dates and numbers', () => {
  it('writes dates, China times, numerals and templates', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(chineseDateTime('2026-11-26T06:05:00Z')).toBe('2026年11月26日 14:05');
    expect(chineseDateTime('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30');
    expect([1, 9, 10, 11, 20, 21, 60, 99, 100].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '六十', '九十九', '100']);
    expect(fill('根据{legalBasis}，{unknown}', { legalBasis: '《城乡规划法》' })).toBe('根据《城乡规划法》，{unknown}');
  });
});
