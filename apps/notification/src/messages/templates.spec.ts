import { describe, expect, it } from '@jest/globals';
import { PROCEDURE_TEXT, PROCEDURES } from '@yichuang/domain';
import { chineseDate, renderSms, SMS_MAX_CHARS, smsLength } from './templates.js';

const ctx = { signature: '新县政务服务中心', hallName: '新县政务服务中心', hallPhone: '0376-2962000' };
const LONGEST_CASE_NO = 'X'.repeat(40);

describe('SMS templates', () => {
  it('tells the case number at acceptance, in Chinese, within one long SMS', () => {
    const text = renderSms('CASE_ACCEPTED', ctx, { name: '新县城投建设有限公司', project: '城北安置小区', items: 2, date: '2026-11-26', caseNo: '411523-2026-000001' });
    expect(text).toBe(
      '【新县政务服务中心】新县城投建设有限公司您好，您申请的“城北安置小区”2个事项已于2026年11月26日受理，办件编号411523-2026-000001。' +
        '可凭办件编号和手机号后四位电话查询进度（0376-2962000）。',
    );
    expect(smsLength(text)).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });

  it('lists the documents ready for pick-up and where to collect them', () => {
    const text = renderSms('RESULT_READY', ctx, { name: '张三', caseNo: 'X-1', documents: ['建设用地规划许可证', '核准批复'] });
    expect(text).toBe(
      '【新县政务服务中心】张三您好，您的办件X-1审批结果（建设用地规划许可证、核准批复）已办结，' +
        '请携带身份证件到新县政务服务中心统一出件窗口领取，或申请EMS免费寄递。咨询电话0376-2962000。',
    );
  });

  it('lists the first problems of a one-time notice and counts the rest', () => {
    const text = renderSms('ONE_TIME_NOTICE', ctx, { name: '张三', documentNo: '新政服补告〔2026〕3号', problems: ['申请表', '营业执照', '规划图', '承诺书'] });
    expect(text).toContain('新政服补告〔2026〕3号');
    expect(text).toContain('1.申请表；2.营业执照；3.规划图等4项');
  });

  it('tells the new promised dates when the year\'s holiday arrangement moves them, keeping every date whole', () => {
    const text = renderSms('DEADLINE_MOVED', ctx, {
      caseNo: '411523-2026-000007',
      reason: '国务院办公厅公布2027年节假日安排',
      moves: [
        { item: '建设用地规划许可证核发', to: '2027-01-15', provisional: false },
        { item: '企业投资项目核准', to: '2027-03-02', provisional: true },
      ],
    });
    expect(text).toBe(
      '【新县政务服务中心】您的办件411523-2026-000007因国务院办公厅公布2027年节假日安排，承诺办结日期调整为：' +
        '建设用地规划许可证核发2027年1月15日；企业投资项目核准2027年3月2日（暂定）。咨询电话0376-2962000。',
    );
    const many = renderSms('DEADLINE_MOVED', ctx, {
      caseNo: LONGEST_CASE_NO,
      reason: '国务院办公厅公布2027年节假日安排',
      moves: Array.from({ length: 6 }, (_, i) => ({ item: `建设工程规划许可证核发（含设计方案审查）第${i + 1}项`, to: `2027-02-1${i}`, provisional: false })),
    });
    expect(smsLength(many)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    for (let i = 0; i < 6; i++) expect(many).toContain(`2027年2月1${i}日`);
  });

  it('tells a revocation with its date, reason, legal basis and the rights; a correction with the new number', () => {
    const revoked = renderSms('DOCUMENT_REVOKED', ctx, {
      caseNo: '411523-2026-000009',
      document: '建设用地规划许可证',
      no: '地字第411523202600003号',
      standing: 'revoked',
      date: '2027-01-12',
      reason: '以欺骗手段取得许可',
      legalBasis: '《中华人民共和国行政许可法》第六十九条第二款',
    });
    expect(revoked).toBe(
      '【新县政务服务中心】您的办件411523-2026-000009“建设用地规划许可证”（地字第411523202600003号）已于2027年1月12日被依法撤销，理由：以欺骗手段取得许可；' +
        '依据：《中华人民共和国行政许可法》第六十九条第二款。如不服，可自收到之日起六十日内申请行政复议，或六个月内提起行政诉讼。咨询电话0376-2962000。',
    );
    expect(smsLength(revoked)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    const corrected = renderSms('DOCUMENT_CORRECTED', ctx, { caseNo: 'X-1', document: '建设项目用地预审与选址意见书', no: '用字第411523202600001号', newNo: '用字第411523202600002号', reason: '项目名称笔误' });
    expect(corrected).toContain('更正后文书编号用字第411523202600002号');
    expect(corrected).toContain('请携带原文书到新县政务服务中心统一出件窗口换领');
  });

  it('tells a queue ticket how many are ahead', () => {
    expect(renderSms('QUEUE_TURN_NEAR', ctx, { ticketNo: 'A002', category: 'stage1', ahead: 0 })).toContain('A002（立项用地规划许可）下一位即将叫到您');
    expect(renderSms('QUEUE_TURN_NEAR', ctx, { ticketNo: 'A003', category: 'stage1', ahead: 2 })).toContain('您前面还有2位');
    expect(renderSms('QUEUE_TURN_NEAR', ctx, { ticketNo: 'P001', category: 'pickup', ahead: 1 })).toContain('P001（出件）您前面还有1位');
    // a category this version does not know is left out, never shown as its code
    expect(renderSms('QUEUE_TURN_NEAR', ctx, { ticketNo: 'Q001', category: 'night_desk', ahead: 1 })).toContain('您的排队号Q001您前面还有1位');
  });

  it('shortens long names, project names and document lists, never the case number or the hall phone', () => {
    const project = '新县城北片区棚户区改造及配套基础设施建设项目（一期）安置住房、道路、给排水、供电、燃气、绿化及公共服务设施工程'.repeat(2);
    const name = '新县城乡建设投资开发有限责任公司及其联合体成员单位河南省第一建筑工程集团有限责任公司';
    const accepted = renderSms('CASE_ACCEPTED', ctx, { name, project, items: 12, date: '2026-11-26', caseNo: LONGEST_CASE_NO });
    expect(smsLength(accepted)).toBe(SMS_MAX_CHARS);
    expect(accepted).toContain(`办件编号${LONGEST_CASE_NO}。`);
    expect(accepted).toContain('（0376-2962000）。');
    expect(accepted).toContain('…');
    expect(accepted.startsWith('【新县政务服务中心】')).toBe(true);

    const documents = Array.from({ length: 12 }, (_, i) => `建设工程规划许可证（第${i + 1}册）`);
    const ready = renderSms('RESULT_READY', ctx, { name, caseNo: LONGEST_CASE_NO, documents });
    expect(smsLength(ready)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(ready).toContain(`您的办件${LONGEST_CASE_NO}审批结果（建设工程规划许可证`);
    expect(ready).toContain('统一出件窗口领取，或申请EMS免费寄递');
    // with the longest rating link the hall may configure (32 characters + the token): the link stays whole, the documents give way
    const url = `https://${'h'.repeat(18)}.cn/r/${'T'.repeat(16)}`;
    const rated = renderSms('RESULT_READY', ctx, { name, caseNo: LONGEST_CASE_NO, documents, ratingUrl: url });
    expect(smsLength(rated)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(rated.endsWith(`评价：${url} 或回复1-5（5分最满意）`)).toBe(true);
    expect(rated).toContain(`您的办件${LONGEST_CASE_NO}审批结果（建设工程…）已办结`);
    const mailed = renderSms('RESULT_MAILED', ctx, { name, caseNo: LONGEST_CASE_NO, documents, trackingNo: 'EA123456789CN', ratingUrl: url });
    expect(smsLength(mailed)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(mailed).toContain('邮件号EA123456789CN');
    expect(mailed).toContain(url);

    const problems = Array.from({ length: 9 }, (_, i) => `第${i + 1}项材料缺少法定代表人签字并加盖单位公章，且与原件核对不一致`);
    const notice = renderSms('ONE_TIME_NOTICE', ctx, { name, documentNo: '新政服补告〔2026〕1234号', problems });
    expect(smsLength(notice)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(notice).toContain('等9项，详见一次性告知书');
  });

  it('tells the applicant why a task is suspended, for how long, and that the time does not count', () => {
    const text = renderSms('TASK_SUSPENDED', ctx, { caseNo: '411523-2026-000001', item: '建设用地规划许可证核发', procedure: 'site_inspection', reason: '需现场核实用地红线', days: 5 });
    expect(text).toBe(
      '【新县政务服务中心】您的办件411523-2026-000001中“建设用地规划许可证核发”需进行联合踏勘（需现场核实用地红线），预计5个工作日，' +
        '该期间不计入审批时限。咨询电话0376-2962000。',
    );
    const noDays = renderSms('TASK_SUSPENDED', ctx, { caseNo: 'X-1', item: '核准', procedure: 'hearing', reason: '利害关系人申请' });
    expect(noDays).toContain('需进行听证（利害关系人申请），该期间不计入审批时限');
    expect(noDays).not.toContain('预计');
  });

  it('names every special procedure as the task\'s record does, and an unnamed one 特殊程序', () => {
    for (const procedure of PROCEDURES) {
      const text = renderSms('TASK_SUSPENDED', ctx, { caseNo: 'X-1', item: '核准', procedure, reason: '原因' });
      expect(text).toContain(`需进行${PROCEDURE_TEXT[procedure]}（原因）`);
    }
    expect(renderSms('TASK_SUSPENDED', ctx, { caseNo: 'X-1', item: '核准', reason: '原因' })).toContain('需进行特殊程序（原因）');
  });

  it('lists what to correct, counts the rest, and says the clock waits', () => {
    const text = renderSms('CORRECTION_REQUESTED', ctx, { caseNo: 'X-1', item: '施工许可', items: ['施工图审查合格书', '安全措施承诺书', '监理合同', '资金证明'] });
    expect(text).toContain('您的办件X-1中“施工许可”需补齐补正：1.施工图审查合格书；2.安全措施承诺书；3.监理合同等4项。');
    expect(text).toContain('补正期间审批时限暂停计算');
    expect(smsLength(text)).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });

  it('warns staff with a yellow card and a red card', () => {
    const yellow = renderSms('TASK_ALARM', ctx, { level: 'yellow', caseNo: 'X-1', item: '建设用地规划许可证核发', remainingWorkingDays: 2, dueDate: '2026-12-01' });
    expect(yellow).toBe('【电子监察】黄牌预警：办件X-1“建设用地规划许可证核发”剩余2个工作日（承诺办结日期2026年12月1日），请抓紧办理。');
    const red = renderSms('TASK_ALARM', ctx, { level: 'red', caseNo: 'X-1', item: '核准', remainingWorkingDays: -3, dueDate: '2026-12-01' });
    expect(red).toBe('【电子监察】红牌警告：办件X-1“核准”已超期3个工作日（承诺办结日期2026年12月1日），请立即办理并说明超期原因。');
    expect(renderSms('TASK_ALARM', ctx, { level: 'red', caseNo: 'X-1', item: '核准', remainingWorkingDays: 0, dueDate: '2026-12-01' })).toContain('已超期（承诺办结日期');
  });

  it('keeps task and alarm messages within the limit, never cutting the case number or the fixed wording', () => {
    const item = '建设工程规划许可证核发（含建设工程设计方案审查、规划条件核实及临时建设工程规划许可）'.repeat(3);
    const reason = '项目用地涉及永久基本农田边界及生态保护红线，需会同林业、水利、生态环境等部门现场核实并出具书面意见'.repeat(2);
    const suspended = renderSms('TASK_SUSPENDED', ctx, { caseNo: LONGEST_CASE_NO, item, procedure: 'site_inspection', reason, days: 15 });
    expect(smsLength(suspended)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(suspended).toContain(`您的办件${LONGEST_CASE_NO}中“`);
    expect(suspended).toContain('，预计15个工作日，该期间不计入审批时限。咨询电话0376-2962000。');

    const items = Array.from({ length: 8 }, (_, i) => `第${i + 1}项材料缺少法定代表人签字并加盖单位公章，且与原件核对不一致`);
    const correction = renderSms('CORRECTION_REQUESTED', ctx, { caseNo: LONGEST_CASE_NO, item, items });
    expect(smsLength(correction)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(correction).toContain('等8项。请补齐后到综合窗口提交');

    const alarm = renderSms('TASK_ALARM', ctx, { level: 'yellow', caseNo: LONGEST_CASE_NO, item, remainingWorkingDays: 1, dueDate: '2026-12-01' });
    expect(smsLength(alarm)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(alarm).toContain(`办件${LONGEST_CASE_NO}“`);
    expect(alarm).toContain('剩余1个工作日');
  });

  it('tells the waybill number of mailed results, whole even for long names', () => {
    const text = renderSms('RESULT_MAILED', ctx, { name: '张三', caseNo: 'X-1', trackingNo: 'EA123456789CN', documents: ['建设用地规划许可证'] });
    expect(text).toBe(
      '【新县政务服务中心】张三您好，您的办件X-1审批结果（建设用地规划许可证）已通过EMS免费寄出，邮件号EA123456789CN（11183可查）。' +
        '咨询电话0376-2962000。',
    );
    const long = renderSms('RESULT_MAILED', ctx, {
      name: '新县城乡建设投资开发有限责任公司及其联合体成员单位河南省第一建筑工程集团有限责任公司',
      caseNo: LONGEST_CASE_NO,
      trackingNo: 'EA123456789CN',
      documents: Array.from({ length: 12 }, (_, i) => `建设工程规划许可证（第${i + 1}册）`),
    });
    expect(smsLength(long)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(long).toContain('邮件号EA123456789CN');
    expect(long).toContain(`您的办件${LONGEST_CASE_NO}审批结果`);
  });

  it('reminds once of results waiting at the pick-up desk, saying how many working days', () => {
    const text = renderSms('PICKUP_REMINDER', ctx, { name: '张三', caseNo: 'X-1', documents: ['核准批复'], days: 5 });
    expect(text).toBe(
      '【新县政务服务中心】张三您好，您的办件X-1审批结果（核准批复）已在新县政务服务中心统一出件窗口等候领取5个工作日，' +
        '请携带身份证件前来窗口领取，或申请EMS免费寄递。咨询电话0376-2962000。',
    );
    const long = renderSms('PICKUP_REMINDER', ctx, { name: '新县城乡建设投资开发有限责任公司'.repeat(3), caseNo: LONGEST_CASE_NO, documents: Array.from({ length: 12 }, () => '建设工程规划许可证'), days: 12 });
    expect(smsLength(long)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(long).toContain('等候领取12个工作日');
  });

  it('is pure: the same data gives the same text', () => {
    const d = { name: '张三', caseNo: 'X-1', documents: ['核准批复'] };
    expect(renderSms('RESULT_READY', ctx, d)).toBe(renderSms('RESULT_READY', ctx, { ...d }));
  });

  it('writes dates the Chinese way', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(chineseDate('soon')).toBe('soon');
  });

  it('states the reason of a refusal and the applicant\'s rights, within one SMS even for a long reason', () => {
    const text = renderSms('TASK_REFUSED', { signature: '新县政务服务中心', hallName: '新县政务服务中心', hallPhone: '0376-2962000' }, {
      caseNo: '411523-2026-000009',
      item: '建设用地规划许可证核发',
      reason: '选址不符合国土空间规划'.repeat(20),
    });
    expect(text).toContain('不予许可');
    expect(text).toContain('行政复议');
    expect(text).toContain('行政诉讼');
    expect(text).toContain('411523-2026-000009');
    expect(Array.from(text).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });
});
