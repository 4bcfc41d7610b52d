import { describe, expect, it } from '@jest/globals';
import { PROCEDURE_TEXT } from '@yichuang/domain';
import { renderCertificateChangeNotice, renderDenialDecision, renderGrantDecision, renderSpecialProcedureNotice, type ApplicationRef, type CertificateChangeNoticeData } from './decisions.js';
import { holder, project, remedies, verification } from './fixtures.testing.js';
import { decodeQr, pageTexts, textOf } from '@yichuang/testing';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

const application: ApplicationRef = {
  issuer: { name: '新县自然资源局' },
  documentNo: '新自然资许〔2026〕12号',
  applicant: holder,
  item: '建设用地规划许可证核发',
  project,
  caseNo: '411523-2026-000001',
  applicationDate: '2026-11-25',
  acceptedDate: '2026-11-26',
  officer: '李明',
};

describe('准予行政许可决定书', () => {
  it('grants the item, lists the documents issued and their delivery within ten days, and carries the QR code', async () => {
    const v = verification('G4T7K2M9Q3XB');
    const pdf = await renderGrantDecision({
      ...application,
      decisionDate: '2026-12-03',
      legalBasis: '《中华人民共和国城乡规划法》第三十七条',
      results: [{ name: '建设用地规划许可证', documentNo: '地字第411523202600001号' }],
      conditions: ['容积率不大于2.5。'],
      validity: { text: '自核发之日起一年内有效' },
      delivery: '窗口领取',
      remedies,
      verification: v,
    });
    const pages = await pageTexts(pdf);
    const text = pages.join('');
    expect(text).toContain('准予行政许可决定书');
    expect(text).toContain('新自然资许〔2026〕12号');
    expect(text).toContain('新县城投建设有限公司：');
    expect(text).toContain('本机关已于2026年11月26日依法受理');
    expect(text).toContain('根据《中华人民共和国城乡规划法》第三十七条的规定，本机关决定准予行政许可。');
    expect(text).toContain('颁发的证照：《建设用地规划许可证》（编号：地字第411523202600001号）');
    expect(text).toContain('许可条件：（一）容积率不大于2.5。');
    expect(text).toContain('自核发之日起一年内有效');
    expect(text).toContain('自本决定作出之日起十日内向你（单位）颁发、送达上述证照，送达方式：窗口领取');
    expect(text).toContain('六十日内向新县人民政府申请行政复议');
    expect(text).toContain(`第1页共${pages.length}页`);
    expect(await decodeQr(pdf, pages.length)).toBe(v.url);
  });
});

describe('不予行政许可决定书', () => {
  it('states every reason, the legal clause and the rights to reconsideration (60 days, the county government) and litigation (6 months, the court)', async () => {
    const pdf = await renderDenialDecision({
      ...application,
      documentNo: '新自然资不许〔2026〕3号',
      decisionDate: '2026-12-03',
      reasons: ['申请用地位于生态保护红线范围内。', '项目选址不符合新县国土空间总体规划。'],
      legalClause: '《中华人民共和国城乡规划法》第三十八条',
      remedies,
    });
    const text = await textOf(pdf);
    expect(text).toContain('不予行政许可决定书');
    expect(text).toContain('新自然资不许〔2026〕3号');
    expect(text).toContain('该申请不符合法定条件、标准，理由如下：');
    expect(text).toContain('一、申请用地位于生态保护红线范围内。');
    expect(text).toContain('二、项目选址不符合新县国土空间总体规划。');
    expect(text).toContain('根据《中华人民共和国城乡规划法》第三十八条的规定，本机关决定不予行政许可。');
    expect(text).toContain('如不服本决定，可以自收到本决定书之日起六十日内向新县人民政府申请行政复议，也可以自收到本决定书之日起六个月内依法向新县人民法院提起行政诉讼。');
    expect(text).toContain(SEAL_PLACEHOLDER_TEXT);
    expect(text).toContain('第1页共1页');
  });

  it('is refused without a reason (Art. 38)', async () => {
    await expect(renderDenialDecision({ ...application, decisionDate: '2026-12-03', reasons: [], legalClause: '第三十八条', remedies })).rejects.toThrow(RangeError);
  });

  it('keeps the rights and the seal together when many reasons fill the pages', async () => {
    const reasons = Array.from({ length: 30 }, (_, i) => `第${i + 1}项理由：申请材料与现场踏勘情况不一致，经复核仍不符合规划条件。`);
    const pages = await pageTexts(await renderDenialDecision({ ...application, decisionDate: '2026-12-03', reasons, legalClause: '《中华人民共和国城乡规划法》第三十八条', remedies }));
    expect(pages.length).toBeGreaterThan(1);
    const sealPage = pages.find((p) => p.includes(SEAL_PLACEHOLDER_TEXT)) ?? '';
    expect(sealPage).toContain('新县人民法院提起行政诉讼');
  });
});

describe('特别程序告知书', () => {
  it('names the procedure, why, how many working days, and that they do not count in the limit', async () => {
    const text = await textOf(
      await renderSpecialProcedureNotice({
        ...application,
        documentNo: '新自然资特告〔2026〕2号',
        noticeDate: '2026-12-01',
        procedure: 'expert_review',
        reason: '项目涉及文物保护单位建设控制地带，需组织专家论证选址方案。',
        workingDays: 10,
        startDate: '2026-12-02',
        expectedEndDate: '2026-12-15',
        contact: { name: '李明', phone: '0376-2962101' },
      }),
    );
    expect(text).toContain('特别程序告知书');
    expect(text).toContain(`在审查过程中需要进行${PROCEDURE_TEXT.expert_review}`);
    expect(text).toContain('《中华人民共和国行政许可法》第四十五条');
    expect(text).toContain(`一、特殊程序种类：${PROCEDURE_TEXT.expert_review}。`);
    expect(text).toContain('二、特殊程序理由：项目涉及文物保护单位建设控制地带');
    expect(text).toContain('自2026年12月2日起，预计需要10个工作日，预计于2026年12月15日前完成。');
    expect(text).toContain(`${PROCEDURE_TEXT.expert_review}所需时间不计算在行政许可的办理期限内`);
    expect(text).toContain('0376-2962101');
  });
});

describe('撤销、撤回、更正', () => {
  const change: CertificateChangeNoticeData = {
    kind: 'revoke',
    issuer: { name: '新县自然资源局' },
    documentNo: '新自然资撤〔2027〕1号',
    holder,
    document: { name: '建设用地规划许可证', documentNo: '地字第411523202600001号', issueDate: '2026-12-03' },
    date: '2027-03-10',
    reason: '经事后核查，申请人在告知承诺中承诺的用地权属证明与实际情况不符',
    legalBasis: '《中华人民共和国行政许可法》第六十九条第二款',
    remedies,
    verification: verification('R5N8W2K7T3HQ'),
  };

  it('revokes: the document, the reason, the legal basis, the rights; verification shows it revoked', async () => {
    const pdf = await renderCertificateChangeNotice(change);
    const text = await textOf(pdf);
    expect(text).toContain('撤销行政许可决定书');
    expect(text).toContain('新自然资撤〔2027〕1号');
    expect(text).toContain('本机关于2026年12月3日向你（单位）核发的《建设用地规划许可证》（编号：地字第411523202600001号）');
    expect(text).toContain('用地权属证明与实际情况不符');
    expect(text).toContain('根据《中华人民共和国行政许可法》第六十九条第二款的规定，本机关决定撤销该行政许可。');
    expect(text).toContain('自2027年3月10日起失效，核验时显示为“已撤销”');
    expect(text).toContain('向新县人民政府申请行政复议');
    expect(await decodeQr(pdf)).toBe(change.verification?.url);
  });

  it('withdraws, with the compensation Art. 8 owes', async () => {
    const text = await textOf(await renderCertificateChangeNotice({ ...change, kind: 'withdraw', documentNo: '新自然资撤回〔2027〕1号', reason: '因国土空间规划修改，该地块调整为公共绿地', legalBasis: '《中华人民共和国行政许可法》第八条' }));
    expect(text).toContain('撤回行政许可决定书');
    expect(text).toContain('本机关决定撤回该行政许可');
    expect(text).toContain('依法给予补偿');
  });

  it('corrects: names the new document that replaces the old one', async () => {
    const text = await textOf(
      await renderCertificateChangeNotice({
        ...change,
        kind: 'correct',
        documentNo: '新自然资更〔2026〕1号',
        date: '2026-12-05',
        reason: '证载用地面积“32,516.8平方米”有误，应为“32,561.8平方米”',
        legalBasis: '《中华人民共和国行政许可法》第四十九条',
        replacement: { documentNo: '地字第411523202600007号' },
        remedies: undefined,
      }),
    );
    expect(text).toContain('证照更正通知书');
    expect(text).toContain('重新核发《建设用地规划许可证》（编号：地字第411523202600007号）');
    expect(text).toContain('原证照（编号：地字第411523202600001号）自2026年12月5日起作废');
    expect(text).not.toContain('行政复议');
  });

  it('refuses a correction that names no replacement', async () => {
    await expect(renderCertificateChangeNotice({ ...change, kind: 'correct' })).rejects.toThrow(RangeError);
  });
});
