/**
 * 统一窗口出件, the documents people hold (issue 9, points 1–3 and 6) over HTTP: a licence with its written grant
 * decision and a refusal decision, drawn from the case and the reviewers' opinions, read back as text and their QR
 * code decoded from the rendered page to the public verification; the 特别程序告知书 of a special procedure;
 * revocation and correction by the issuing department (verify, SMS, timeline); a notify-and-commit item approved
 * on the signed commitment letter, checked afterwards, and revoked when the commitment was false.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, decodeQr, eventually, textOf } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean; forms: string[] }[] }
interface Doc { id: string; no: string; type: string; typeName: string; role: string; itemCode: string; standing: string; verifyCode: string; validUntil?: string; replacedBy?: { id: string; no: string } }
interface Task { id: string; itemCode: string; kind: string; dueDate: string; status: string }
interface Sms { template: string; content: string }
interface ErrorAnswer { error: { code: string; details: { field?: string; problem: string }[] } }

describe('the documents of a case', () => {
  let e: E2E;
  let clerk: string;
  let zrzy: string;
  let zrzyHead: string;
  let sthj: string;

  beforeAll(async () => {
    e = await startE2E();
    [clerk, zrzy, zrzyHead, sthj] = [await e.http.login('clerk1'), await e.http.login('zrzy1'), await e.http.login('zrzy_head'), await e.http.login('sthj1')];
  });

  afterAll(async () => {
    await e?.stop();
  });

  const pdf = async (p: string, token = clerk): Promise<Buffer> => {
    const res = await fetch(`${e.http.base}${p}`, { headers: { authorization: `Bearer ${token}` } });
    expect([p, res.status, res.headers.get('content-type')]).toEqual([p, 200, 'application/pdf']);
    return Buffer.from(await res.arrayBuffer());
  };

  async function acceptedCase(stage: number, itemCodes: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; caseNo?: string; status: number; body: unknown }> {
    const items = (await e.http.get<Item[]>(`/api/v1/catalog/items?stage=${stage}`)).body.filter((i) => itemCodes.includes(i.code));
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage,
        itemCodes,
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路', scale: '用地面积约3.2公顷，总建筑面积约12万平方米' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const acc = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, extra, clerk);
    return { id: created.body.id, caseNo: acc.body.caseNo, status: acc.status, body: acc.body };
  }

  const taskOf = (caseNo: string, token: string) => eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token)).body[0]);
  const docsOf = (caseNo: string, n: number) =>
    eventually(async () => {
      const r = await e.http.get<Doc[]>(`/api/v1/cases/${caseNo}/certificates`, clerk);
      return r.body.length === n && r.body;
    });
  const smsOf = (caseNo: string, template: string) =>
    eventually(async () => (await e.http.get<Sms[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body.find((m) => m.template === template));

  let caseNo: string;
  let docs: Doc[];

  it('issues the licence with its grant decision and the refusal decision, each readable and verifiable by its QR code', async () => {
    const c = await acceptedCase(1, ['ZRZY-002', 'STHJ-002']);
    expect(c.status).toBe(201);
    caseNo = c.caseNo as string;
    const land = await taskOf(caseNo, zrzy);
    expect((await e.http.post(`/api/v1/review/tasks/${land.id}/decide`, { outcome: 'approve', opinion: '请严格按照批准的用地范围和规划条件使用土地。' }, zrzy)).status).toBe(200);
    const eia = await taskOf(caseNo, sthj);
    expect((await e.http.post(`/api/v1/review/tasks/${eia.id}/decide`, { outcome: 'deny', opinion: '项目选址位于饮用水水源二级保护区内，不符合环境准入要求。' }, sthj)).status).toBe(200);
    docs = await docsOf(caseNo, 3);
    const permit = docs.find((d) => d.role === 'result') as Doc;
    const grant = docs.find((d) => d.role === 'grant_decision') as Doc;
    const refusal = docs.find((d) => d.role === 'refusal_decision') as Doc;
    expect(permit).toMatchObject({ type: 'LAND_PLANNING_PERMIT', typeName: '建设用地规划许可证', standing: 'valid' });
    expect(grant.no).toMatch(/^新自然资许准字〔2026〕\d+号$/);
    expect(refusal.no).toMatch(/^新环许不字〔2026〕\d+号$/);

    const permitPdf = await pdf(`/api/v1/certificates/${permit.id}.pdf`);
    const text = await textOf(permitPdf);
    for (const s of ['建设用地规划许可证', permit.no, '新县城投建设有限公司', '新县城北安置小区建设项目', '用地面积约3.2公顷', '请严格按照批准的用地范围和规划条件使用土地', '第1页', permit.verifyCode]) {
      expect([s, text.includes(s)]).toEqual([s, true]);
    }
    // the QR code on the printed page leads to the public verification of this very document
    const url = await decodeQr(permitPdf);
    expect(url).toBe(`${e.http.base}/api/v1/verify/${permit.verifyCode}`);
    const verified = await e.http.get<{ valid: boolean; no: string; standing: string }>(new URL(url as string).pathname);
    expect(verified.body).toMatchObject({ valid: true, no: permit.no, standing: 'valid' });
    // same document, same bytes
    expect((await pdf(`/api/v1/certificates/${permit.id}.pdf`)).equals(permitPdf)).toBe(true);

    const grantText = await textOf(await pdf(`/api/v1/certificates/${grant.id}.pdf`));
    expect(grantText).toContain('准予行政许可决定书');
    expect(grantText).toContain(permit.no);
    const refusalPdf = await pdf(`/api/v1/certificates/${refusal.id}.pdf`, sthj);
    const refusalText = await textOf(refusalPdf);
    for (const s of ['不予行政许可决定书', '饮用水水源二级保护区', '新县人民政府', '新县人民法院', '六十日', '六个月']) expect([s, refusalText.includes(s)]).toEqual([s, true]);
    expect(await decodeQr(refusalPdf)).toBe(`${e.http.base}/api/v1/verify/${refusal.verifyCode}`);
    // a reviewer of another department gets nothing of the ZRZY licence
    expect((await fetch(`${e.http.base}/api/v1/certificates/${permit.id}.pdf`, { headers: { authorization: `Bearer ${sthj}` } })).status).toBe(404);
  });

  it('revokes the licence with its grant decision: verify says so with the date, the applicant and the timeline are told', async () => {
    const permit = docs.find((d) => d.role === 'result') as Doc;
    const body = { kind: 'revoke', reason: '经核查，申请人隐瞒项目用地权属争议情况取得许可', legalBasis: '《中华人民共和国行政许可法》第六十九条第二款' };
    expect((await e.http.post(`/api/v1/certificates/${permit.id}/revoke`, body, zrzy)).status).toBe(403);
    const bad = await e.http.post<ErrorAnswer>(`/api/v1/certificates/${permit.id}/revoke`, { kind: 'cancel' }, zrzyHead);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['kind', 'legalBasis', 'reason']);
    const revoked = await e.http.post<Doc[]>(`/api/v1/certificates/${permit.id}/revoke`, body, zrzyHead);
    expect(revoked.status).toBe(200);
    expect(revoked.body.map((d) => d.standing)).toEqual(['revoked', 'revoked']);
    const v = await e.http.get<{ valid: boolean; standing: string; standingSince: string }>(`/api/v1/verify/${permit.verifyCode}`);
    expect(v.body).toMatchObject({ valid: false, standing: 'revoked' });
    const decision = await textOf(await pdf(`/api/v1/certificates/${permit.id}/change-notice.pdf`));
    for (const s of ['撤销行政许可决定书', permit.no, '隐瞒项目用地权属争议', '第六十九条']) expect([s, decision.includes(s)]).toEqual([s, true]);
    const sms = await smsOf(caseNo, 'DOCUMENT_REVOKED');
    expect(sms.content).toContain(permit.no);
    expect(sms.content).toContain('行政复议');
    const timeline = await eventually(async () => (await e.http.get<{ timeline: { event: string; detail?: string }[] }>(`/api/v1/cases/${caseNo}`, clerk)).body.timeline.find((t) => t.event === 'document_revoked'));
    expect(timeline.detail).toContain('撤销');
  });

  it('corrects a document with a new number; the old one answers superseded and the applicant gets the new number', async () => {
    const refusal = docs.find((d) => d.role === 'refusal_decision') as Doc;
    const fixed = await e.http.post<Doc>(`/api/v1/certificates/${refusal.id}/correct`, { reason: '项目名称笔误', corrections: { projectName: '新县城北安置小区（一期）建设项目' } }, sthj);
    expect(fixed.status).toBe(201);
    expect(fixed.body.no).not.toBe(refusal.no);
    expect((await e.http.get<{ standing: string; replacedByNo: string }>(`/api/v1/verify/${refusal.verifyCode}`)).body).toMatchObject({ standing: 'superseded', replacedByNo: fixed.body.no });
    expect(await textOf(await pdf(`/api/v1/certificates/${fixed.body.id}.pdf`))).toContain('新县城北安置小区（一期）建设项目');
    const notice = await textOf(await pdf(`/api/v1/certificates/${refusal.id}/change-notice.pdf`));
    expect(notice).toContain('证照更正通知书');
    expect(notice).toContain(fixed.body.no);
    expect((await smsOf(caseNo, 'DOCUMENT_CORRECTED')).content).toContain(fixed.body.no);
  });

  it('writes the 特别程序告知书 when a special procedure stops a clock', async () => {
    const c = await acceptedCase(1, ['ZRZY-001']);
    const task = await taskOf(c.caseNo as string, zrzy);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/suspend`, { procedure: 'site_inspection', reason: '需组织联合踏勘核实用地红线', expectedWorkingDays: 5 }, zrzy)).status).toBe(200);
    const notices = await eventually(async () => {
      const r = await e.http.get<{ kind: string; documentNo: string }[]>(`/api/v1/cases/${c.caseNo}/documents`, clerk);
      return r.body.filter((d) => d.kind === 'special_procedure_notice').length > 0 && r.body.filter((d) => d.kind === 'special_procedure_notice');
    });
    expect(notices[0]?.documentNo).toMatch(/^新政服特告〔2026〕\d+号$/);
    const text = await textOf(await pdf(`/api/v1/cases/${c.caseNo}/documents/special_procedure_notice.pdf?documentNo=${encodeURIComponent(notices[0]?.documentNo ?? '')}`));
    for (const s of ['特别程序告知书', '联合踏勘', '需组织联合踏勘核实用地红线', notices[0]?.documentNo ?? '?']) expect([s, text.includes(s)]).toEqual([s, true]);
    expect(text).toMatch(/(5|五)个工作日/);
    expect(text).toMatch(/不计(算)?在|不计入/);
  });

  it('approves a notify-and-commit item on the signed commitment letter, checks it afterwards, and revokes it when the commitment was false', async () => {
    const zjj = await e.http.login('zjj1');
    // the letter the applicant signs, before acceptance
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=4')).body.filter((i) => i.code === 'ZJJ-006');
    const app = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 4,
        itemCodes: ['ZJJ-006'],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] }))),
      },
      clerk,
    );
    const letter = await textOf(await pdf(`/api/v1/applications/${app.body.id}/commitment-letter.pdf`));
    for (const s of ['告知承诺书', '房屋建筑和市政基础设施工程竣工验收备案', '撤销']) expect([s, letter.includes(s)]).toEqual([s, true]);
    await e.http.post(`/api/v1/applications/${app.body.id}/precheck`, { results: [] }, clerk);
    const unsigned = await e.http.post<ErrorAnswer>(`/api/v1/applications/${app.body.id}/accept`, undefined, clerk);
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.error.details[0]?.field).toBe('commitment');
    const signed = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${app.body.id}/accept`, { commitment: { signerName: '王建国', letterSha256: 'a'.repeat(64) } }, clerk);
    expect(signed.status).toBe(201);
    const filing = (await docsOf(signed.body.caseNo, 1))[0] as Doc;
    expect(filing).toMatchObject({ type: 'COMPLETION_FILING', standing: 'valid' });
    // the department's follow-up check, due in working days, concluded by verify-commitment only
    const check = await taskOf(signed.body.caseNo, zjj);
    expect(check).toMatchObject({ kind: 'verification', itemCode: 'ZJJ-006', status: 'pending' });
    expect(check.dueDate > '2026-11-26').toBe(true);
    expect((await e.http.post(`/api/v1/review/tasks/${check.id}/decide`, { outcome: 'approve', opinion: '同意' }, zjj)).status).toBe(409);
    const found = await e.http.post<Task>(`/api/v1/review/tasks/${check.id}/verify-commitment`, { result: 'false_commitment', opinion: '现场核查发现未取得消防验收合格意见' }, zjj);
    expect(found.status).toBe(200);
    expect(found.body.status).toBe('denied');
    const gone = await eventually(async () => (await e.http.get<{ standing: string }>(`/api/v1/verify/${filing.verifyCode}`)).body.standing === 'revoked');
    expect(gone).toBe(true);
    const sms = await smsOf(signed.body.caseNo, 'DOCUMENT_REVOKED');
    expect(sms.content).toContain('承诺内容与实际情况不符');
    const timeline = (await e.http.get<{ timeline: { event: string }[] }>(`/api/v1/cases/${signed.body.caseNo}`, clerk)).body.timeline.map((t) => t.event);
    expect(timeline).toEqual(expect.arrayContaining(['commitment_verified', 'document_revoked']));
  });
});
