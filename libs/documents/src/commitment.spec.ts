import { describe, expect, it } from '@jest/globals';
import { APPLICANT_COMMITMENTS, FALSE_COMMITMENT_CONSEQUENCES, renderCommitmentLetter, type CommitmentLetterData } from './commitment.js';
import { holder, project } from './fixtures.testing.js';
import { pageTexts } from '@yichuang/testing';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

const letter: CommitmentLetterData = {
  issuer: { name: '新县住房和城乡建设局' },
  documentNo: '新住建承〔2026〕8号',
  item: '施工图审查备案',
  applicant: { ...holder, address: '新县新集镇将军路1号', phone: '0376-2961234' },
  project,
  caseNo: '411523-2026-000001',
  legalBasis: '《建设工程质量管理条例》第十一条',
  conditions: ['施工图设计文件已经具有相应资质的审查机构审查合格。', '设计单位及其注册执业人员已在施工图上签字盖章。'],
  materials: ['施工图设计文件审查合格书', '施工图设计文件（电子版）'],
  checkWorkingDays: 20,
  checkMethod: '书面核查和现场核查',
  date: '2026-11-26',
};

describe('告知承诺书', () => {
  it('tells the conditions, the materials, the check afterwards and what a false commitment leads to; the applicant commits and signs', async () => {
    const pages = await pageTexts(await renderCommitmentLetter(letter));
    const text = pages.join('');
    expect(text).toContain('告知承诺书');
    expect(text).toContain('新住建承〔2026〕8号');
    expect(text).toContain('一、行政机关告知');
    expect(text).toContain('事项名称：施工图审查备案（办件编号：411523-2026-000001）');
    expect(text).toContain('设定依据：《建设工程质量管理条例》第十一条');
    for (const c of letter.conditions) expect(text).toContain(c);
    for (const m of letter.materials) expect(text).toContain(m);
    expect(text).toContain('本机关将自作出行政许可决定之日起20个工作日内，以书面核查和现场核查的方式对申请人的承诺内容进行核查。');
    expect(text).toContain(FALSE_COMMITMENT_CONSEQUENCES.replace(/\s/g, ''));
    expect(text).toContain('依法撤销行政许可');
    expect(text).toContain('二、申请人承诺');
    expect(text).toContain('法定代表人：王建国');
    for (const c of APPLICANT_COMMITMENTS) expect(text).toContain(c);
    expect(text).toContain('申请人（签字或盖章）：');
    expect(text).toContain('签署日期：');
    pages.forEach((p, i) => expect(p).toContain(`第${i + 1}页共${pages.length}页`));
    const sealPage = pages.find((p) => p.includes(SEAL_PLACEHOLDER_TEXT)) ?? '';
    expect(sealPage).toContain('本告知承诺书一式两份');
  });
});
