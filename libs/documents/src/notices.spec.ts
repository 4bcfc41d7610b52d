import { describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { PROCEDURE_TEXT } from '@yichuang/domain';
import { renderAcceptanceNotice, renderOneTimeNotice, renderRejectionDecision, type AcceptanceNoticeData, type HallInfo, type Party } from './notices.js';
import { pageTexts } from '@yichuang/testing';
import { SEAL_PLACEHOLDER_TEXT } from './seal.js';

const hall: HallInfo = { agency: '新县政务服务中心', address: '新县政务服务中心一楼', phone: '0376-2962000', website: '河南政务服务网（新县分厅）' };
const applicant: Party = { name: '新县城投建设有限公司', idNumber: '91411523MA9XXXXX0X', phone: '13912345678' };

/** The text of a PDF, without the line breaks the layout puts into long sentences. */
async function textOf(pdf: Buffer): Promise<string> {
  return (await pageTexts(pdf)).join('');
}

/** The text as a reader copies it out (what the end-to-end tests read): line breaks kept. */
async function rawText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

const acceptance: AcceptanceNoticeData = {
  hall,
  documentNo: '新政服受〔2026〕1号',
  caseNo: '411523-2026-000001',
  applicant,
  project: { code: '2026-411523-48-01-000123', name: '城北安置小区', location: '新县新集镇' },
  items: [{ name: '建设用地规划许可证核发', department: '自然资源局', legalDays: 20, promisedDays: 10, kind: 'promised', dueDate: '2026-12-10' }],
  applicationDate: '2026-11-25',
  acceptedDate: '2026-11-26',
  officer: 'clerk1',
  officerPhone: '0376-2962000',
  materials: [
    { name: '营业执照', form: 'paper' },
    { name: '建设项目用地预审与选址申请表', form: 'paper' },
    { name: '营业执照', form: 'electronic' },
    { name: '营业执照', form: 'paper' },
  ],
  legalBasis: '《中华人民共和国行政许可法》第三十二条',
  delivery: '窗口领取',
};

describe('the window’s notices', () => {
  it('name the special procedures as the task’s record and the SMS do, and each item’s kind and each material’s form', async () => {
    const text = await textOf(
      await renderAcceptanceNotice({
        hall,
        documentNo: '新政服受〔2026〕1号',
        caseNo: '411523-2026-000001',
        applicant,
        project: { code: '2026-411523-48-01-000123', name: '城北安置小区', location: '新县新集镇' },
        items: [
          { name: '建设用地规划许可证核发', department: '自然资源局', legalDays: 20, promisedDays: 10, kind: 'promised', dueDate: '2026-12-10' },
          { name: '企业投资项目备案', department: '发展和改革委员会', legalDays: 0, promisedDays: 0, kind: 'instant', dueDate: '2026-11-26' },
          { name: '施工图审查备案', department: '住房和城乡建设局', legalDays: 0, promisedDays: 0, kind: 'notify_commit', dueDate: '2026-11-26' },
        ],
        applicationDate: '2026-11-25',
        acceptedDate: '2026-11-26',
        officer: 'clerk1',
        officerPhone: '0376-2962000',
        materials: [
          { name: '建设项目用地预审与选址申请表', form: 'paper' },
          { name: '土地利用现状图', form: 'electronic' },
        ],
        legalBasis: '《中华人民共和国行政许可法》第三十二条',
        delivery: '窗口领取',
      }),
    );
    for (const name of Object.values(PROCEDURE_TEXT)) expect(text).toContain(name);
    expect(text).toContain('专家评审、公示、联合踏勘、部门会商等特殊程序');
    expect(text).toContain('企业投资项目备案（发展和改革委员会）：即办件，当场办结');
    expect(text).toContain('施工图审查备案（住房和城乡建设局）：告知承诺件，当场办结');
    expect(text).toContain('建设项目用地预审与选址申请表（纸质）');
    expect(text).toContain('土地利用现状图（电子）');
  });

  it('says what is wrong with each material in the one-time notice, in the words of the pre-check', async () => {
    const text = await textOf(
      await renderOneTimeNotice({
        hall,
        documentNo: '新政服补告〔2026〕1号',
        applicant,
        projectName: '城北安置小区',
        items: ['建设用地规划许可证核发'],
        receivedDate: '2026-11-25',
        issuedDate: '2026-11-26',
        officer: 'clerk1',
        problems: [
          { name: '土地利用现状图', verdict: 'missing', note: '未提交', original: 'original', forms: ['paper', 'electronic'] },
          { name: '授权委托书', verdict: 'defective', note: '未签字', original: 'copy', forms: ['paper'] },
        ],
      }),
    );
    expect(text).toContain('1.土地利用现状图：未提交，请补充提交（原件，纸质或电子材料）。');
    expect(text).toContain('2.授权委托书：不符合要求，请更正后重新提交（复印件，纸质材料）。说明：未签字。');
  });

  it('lists a material handed in on paper and electronically once, with both forms', async () => {
    const text = await textOf(await renderAcceptanceNotice(acceptance));
    expect(text).toContain('1.营业执照（纸质、电子）');
    expect(text).toContain('2.建设项目用地预审与选址申请表（纸质）');
    expect(text.match(/营业执照/g)).toHaveLength(1);
  });

  it('numbers its pages, carries the seal placeholder, and keeps the seal with the last paragraph when a long list of materials breaks the page', async () => {
    const materials = Array.from({ length: 40 }, (_, i) => ({ name: `申请材料第${i + 1}项`, form: 'paper' as const }));
    const pages = await pageTexts(await renderAcceptanceNotice({ ...acceptance, materials }));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => expect(p).toContain(`第${i + 1}页共${pages.length}页`));
    const last = pages[pages.length - 1] ?? '';
    expect(last).toContain(SEAL_PLACEHOLDER_TEXT);
    expect(last).toContain('结果送达方式：窗口领取');
    expect(pages.join('')).toContain('40.申请材料第40项（纸质）');
  });

  it('keeps the sentences the end-to-end tests read whole on their lines', async () => {
    const raw = await rawText(await renderAcceptanceNotice(acceptance));
    expect(raw).toContain('不计算在上述期限内');
    expect(raw).toContain(acceptance.caseNo);
    expect(raw).toContain(acceptance.documentNo);
  });

  it('merges a material listed twice in the one-time notice', async () => {
    const text = await textOf(
      await renderOneTimeNotice({
        hall,
        documentNo: '新政服补告〔2026〕2号',
        applicant,
        projectName: '城北安置小区',
        items: ['建设用地规划许可证核发'],
        receivedDate: '2026-11-25',
        issuedDate: '2026-11-26',
        officer: 'clerk1',
        problems: [
          { name: '营业执照', verdict: 'missing', forms: ['paper'] },
          { name: '营业执照', verdict: 'missing', forms: ['electronic'] },
        ],
      }),
    );
    expect(text).toContain('1.营业执照：未提交，请补充提交（纸质或电子材料）。');
    expect(text).not.toContain('2.营业执照');
    expect(text).toContain(SEAL_PLACEHOLDER_TEXT);
  });

  it('names the reconsideration body and the court in a rejection when the data give them', async () => {
    const text = await textOf(
      await renderRejectionDecision({
        hall,
        documentNo: '新政服不受〔2026〕1号',
        applicant,
        projectName: '城北安置小区',
        items: ['建设用地规划许可证核发'],
        applicationDate: '2026-11-25',
        decidedDate: '2026-11-26',
        reason: '申请事项属于市级审批权限',
        referTo: '信阳市自然资源和规划局',
        officer: 'clerk1',
        remedies: { reconsiderationBody: '新县人民政府', court: '新县人民法院' },
      }),
    );
    expect(text).toContain('六十日内向新县人民政府申请行政复议');
    expect(text).toContain('六个月内依法向新县人民法院提起行政诉讼');
    expect(text).toContain('请向信阳市自然资源和规划局申请');
  });
});
