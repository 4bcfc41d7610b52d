import { describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { PROCEDURE_TEXT } from '@yichuang/domain';
import { renderAcceptanceNotice, renderOneTimeNotice, type HallInfo, type Party } from './notices.js';

const hall: HallInfo = { agency: '新县政务服务中心', address: '新县政务服务中心一楼', phone: '0376-2962000', website: '河南政务服务网（新县分厅）' };
const applicant: Party = { name: '新县城投建设有限公司', idNumber: '91411523MA9XXXXX0X', phone: '13912345678' };

/** The text of a PDF, without the line breaks the layout puts into long sentences. */
async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, '');
}

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
});
