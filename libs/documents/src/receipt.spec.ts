import { describe, expect, it } from '@jest/globals';
import { COLLECTOR_CAPACITY_TEXT } from '@yichuang/domain';
import { holder, verification } from './fixtures.testing.js';
import { decodeQr, pageTexts } from '@yichuang/testing';
import { renderHandoverReceipt, type HandoverReceiptData } from './receipt.js';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

const receipt: HandoverReceiptData = {
  hall: { name: '新县政务服务中心' },
  receiptNo: '新政服领〔2026〕15号',
  caseNo: '411523-2026-000001',
  holder,
  documents: [
    { name: '建设用地规划许可证', documentNo: '地字第411523202600001号' },
    { name: '建设工程规划许可证', documentNo: '建字第411523202600001号', copies: 2 },
  ],
  collector: { name: '张三', idNumber: '411523199001011234', capacity: 'authorised_agent', authorisation: '授权委托书（委托范围：领取证照），已于窗口登记' },
  window: '3号窗口',
  staff: '赵丽',
  collectedAt: '2026-12-04T06:05:00Z',
  signatureSha256: '9f2c4e1b7a5d3c8e0f6a2b4d9c1e7f3a5b8d0c2e4f6a8b1d3c5e7f9a0b2c4d6e',
  verification: verification('H8K3P6T2X9MQ'),
};

describe('领证回执', () => {
  it('says which documents, to whom (masked ID, capacity), where, by whom, when, and the signature image’s hash', async () => {
    const pdf = await renderHandoverReceipt(receipt);
    const pages = await pageTexts(pdf);
    const text = pages.join('');
    expect(text).toContain('领证回执');
    expect(text).toContain('新政服领〔2026〕15号');
    expect(text).toContain('持证单位（人）新县城投建设有限公司');
    expect(text).toContain('领取人张三');
    expect(text).toContain('4115**********1234');
    expect(text).not.toContain('411523199001011234');
    expect(text).toContain(`领取人身份${COLLECTOR_CAPACITY_TEXT.authorised_agent}`);
    expect(text).toContain('授权委托书（委托范围：领取证照）');
    expect(text).toContain('领取窗口3号窗口');
    expect(text).toContain('经办人赵丽');
    expect(text).toContain('领取时间2026年12月4日14:05');
    expect(text).toContain('1建设用地规划许可证地字第411523202600001号1');
    expect(text).toContain('2建设工程规划许可证建字第411523202600001号2');
    expect(text).toContain(`SHA-256）：${receipt.signatureSha256}`);
    expect(text).toContain('领取人（签字）：');
    expect(text).toContain('2026年12月4日');
    expect(await decodeQr(pdf, pages.length)).toBe(receipt.verification?.url);
  });

  it('lists many documents over pages, the header on each, and keeps the closing sentence with the seal', async () => {
    const documents = Array.from({ length: 45 }, (_, i) => ({ name: `证照${i + 1}`, documentNo: `施字第4115232026${String(i + 1).padStart(5, '0')}号` }));
    const pages = await pageTexts(await renderHandoverReceipt({ ...receipt, documents }));
    expect(pages.length).toBeGreaterThan(1);
    const tablePages = pages.filter((p) => p.includes('施字第'));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const p of tablePages) expect(p).toContain('序号证照名称证照编号份数');
    expect(pages.join('')).toContain('45证照45施字第411523202600045号1');
    const sealPage = pages.find((p) => p.includes(SEAL_PLACEHOLDER_TEXT)) ?? '';
    expect(sealPage).toContain('以上证照已当面点交');
  });

  it('gives the same bytes for the same hand-over', async () => {
    const [a, b] = await Promise.all([renderHandoverReceipt(receipt), renderHandoverReceipt(receipt)]);
    expect(a.equals(b)).toBe(true);
  });
});
