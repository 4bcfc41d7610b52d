import { describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { heading, paragraph, renderPdf } from './pdf.js';

describe('Chinese PDF rendering', () => {
  it('renders Chinese text that can be extracted back', async () => {
    const pdf = await renderPdf({ title: '测试' }, (doc) => {
      heading(doc, '新县政务服务中心', '受理通知书', '新政服受〔2026〕1号');
      paragraph(doc, '建设用地规划许可证核发 411523-2026-000001');
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain('受理通知书');
    expect(text).toContain('建设用地规划许可证核发');
    expect(text).toContain('411523-2026-000001');
  });
});
