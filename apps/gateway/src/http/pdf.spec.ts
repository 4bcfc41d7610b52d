import { describe, expect, it } from '@jest/globals';
import { pdfFile } from './pdf.js';

describe('a PDF answer', () => {
  it('names the file by the document in Chinese, keeping the ASCII name for old clients', () => {
    const file = pdfFile({
      kind: 'acceptance_notice',
      documentNo: '新政服受〔2026〕12号',
      filename: 'acceptance-notice-411523-2026-000001.pdf',
      contentBase64: Buffer.from('%PDF-').toString('base64'),
    });
    const { disposition, type } = file.getHeaders();
    expect(type).toBe('application/pdf');
    expect(disposition).toContain('filename="acceptance-notice-411523-2026-000001.pdf"');
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(disposition ?? '')?.[1] ?? '';
    expect(encoded).not.toMatch(/[^A-Za-z0-9%._~!$&+^`|-]/);
    expect(decodeURIComponent(encoded)).toBe('受理通知书（新政服受〔2026〕12号）.pdf');
  });
});
