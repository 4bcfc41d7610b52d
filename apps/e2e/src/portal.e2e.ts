/**
 * The applicant's portal over HTTP (issue 13.5): an online application with electronic materials — a real PDF and PNG
 * uploaded, stored in an S3-compatible bucket (a local stub) with their SHA-256, a renamed program and an oversize
 * file refused with Chinese reasons and nothing left behind — then the applicant follows their own case after a
 * one-time code sent by SMS to the application's phone (read at a local SMSC): status, remaining working days, the
 * acceptance notice to download, a correction answered with an uploaded file; another case stays out of reach.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  aCreditCode,
  aPhone,
  aProjectCode,
  E2E_CLOCK_START,
  eventually,
  FAKE_EXE,
  SAMPLE_JPEG,
  SAMPLE_PDF,
  SAMPLE_PNG,
  startS3Stub,
  startSmppTestServer,
  type S3Stub,
  type SmppTestServer,
} from '@yichuang/testing';
import { pdfText, setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; name: string; required: boolean; forms: string[] }[] }
interface FileView { id: string; materialCode: string; fileName: string; mediaType: string; size: number; sha256: string; uploadedBy: string }
interface ErrorAnswer { error: { code: string; messageZh: string; details: { field?: string; problem: string; attemptsLeft?: number }[] } }
interface Overview {
  applicationId: string;
  caseNo?: string;
  statusText: string;
  applicant: { name: string; phone: string };
  materials: { code: string; files: FileView[] }[];
  tasks: { itemCode: string; remainingWorkingDays: number; status: string }[];
  documents: { kind: string; documentNo: string; url: string }[];
  corrections: { step: string; detail?: string }[];
  serviceEvents: { kind: string; rated: boolean }[];
}

const MAX_FILE = 64 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe("the applicant's portal: electronic materials and the applicant's own case", () => {
  let e: E2E;
  let smsc: SmppTestServer;
  let s3: S3Stub;
  let clerk: string;
  let item: Item;

  beforeAll(async () => {
    smsc = await startSmppTestServer({ systemId: 'yichuang', password: 'secret1' });
    s3 = await startS3Stub();
    e = await startE2E({
      env: {
        SMS_PROVIDERS: 'smpp',
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: smsc.systemId,
        SMPP_PASSWORD: smsc.password,
        SMPP_SOURCE_ADDR: '106900012345',
        SMPP_RECONNECT_MIN_MS: '100',
        SMS_POLL_MS: '200',
        MATERIAL_STORAGE: 's3',
        S3_ENDPOINT: s3.url,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        MATERIAL_MAX_FILE_BYTES: String(MAX_FILE),
      },
    });
    clerk = await e.http.login('clerk1');
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body;
    const found = items.find((i) => i.code === 'ZRZY-001');
    if (!found) throw new Error('ZRZY-001 missing from the demo catalogue');
    item = found;
  });

  afterAll(async () => {
    await e?.stop();
    await smsc?.close();
    await s3?.close();
  });

  const required = () => item.materials.filter((m) => m.required);
  const form = (m: Item['materials'][number]) => (m.forms.includes('electronic') ? 'electronic' : 'paper');

  /** the applicant's own online application */
  async function applyOnline(phone: string): Promise<string> {
    const r = await e.http.post<{ id: string }>('/api/v1/portal/applications', {
      channel: 'online',
      stage: 1,
      itemCodes: [item.code],
      applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone },
      project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
      materials: required().map((m) => ({ code: m.code, form: form(m) })),
    });
    expect(r.status).toBe(201);
    return r.body.id;
  }

  /** the code the SMSC received for that phone (the newest) */
  async function codeSentTo(phone: string, before: number): Promise<string> {
    return eventually(async () => {
      const texts = smsc.messages().filter((m) => m.destination === phone).map((m) => m.text);
      if (texts.length <= before) return undefined;
      return /验证码为(\d{6})/.exec(texts[texts.length - 1] ?? '')?.[1];
    }, 30_000);
  }

  /** intake's clock two minutes further each time: a phone may ask one code a minute */
  let minutes = 10;
  const twoMinutesLater = async () => {
    minutes += 2;
    await setClock(e, 'intake', new Date(Date.parse(E2E_CLOCK_START) + minutes * 60_000).toISOString());
  };

  async function loginAsApplicant(ref: { caseNo: string } | { applicationId: string }, phone: string): Promise<string> {
    await twoMinutesLater();
    const before = smsc.messages().filter((m) => m.destination === phone).length;
    const asked = await e.http.post<{ sent: boolean; expiresInSeconds: number }>('/api/v1/portal/codes', { ...ref, phone });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ sent: true, expiresInSeconds: 300 });
    const code = await codeSentTo(phone, before);
    const s = await e.http.post<{ accessToken: string }>('/api/v1/portal/sessions', { ...ref, phone, code });
    expect(s.status).toBe(200);
    return s.body.accessToken;
  }

  async function upload(path: string, bytes: Uint8Array, name: string, type: string, token: string) {
    const fd = new FormData();
    fd.append('file', new Blob([bytes], { type }), name);
    const res = await fetch(`${e.http.base}${path}`, { method: 'POST', body: fd, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as FileView & ErrorAnswer };
  }

  const objectsOf = (applicationId: string) => [...s3.objects.keys()].filter((k) => k.startsWith(`applications/${applicationId}/`));

  let mine: { applicationId: string; phone: string; caseNo: string; pdf: FileView };
  let other: { applicationId: string; phone: string; fileId: string; caseNo: string };

  it('takes a real PDF and PNG with their SHA-256, refuses a renamed program and an oversize file in Chinese, and keeps nothing of them', async () => {
    const phone = aPhone();
    const applicationId = await applyOnline(phone);
    const token = await loginAsApplicant({ applicationId }, phone);
    const [m1, m2] = required();
    if (!m1 || !m2) throw new Error('ZRZY-001 needs two required materials');

    const pdf = await upload(`/api/v1/portal/materials/${m1.code}/files`, SAMPLE_PDF, '../../规划图.pdf', 'application/pdf', token);
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ materialCode: m1.code, fileName: '规划图.pdf', mediaType: 'application/pdf', size: SAMPLE_PDF.length, sha256: sha(SAMPLE_PDF) });
    // a PNG sent as "application/octet-stream": the content decides
    const png = await upload(`/api/v1/portal/materials/${m2.code}/files`, SAMPLE_PNG, '营业执照.png', 'application/octet-stream', token);
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ mediaType: 'image/png', sha256: sha(SAMPLE_PNG) });

    const exe = await upload(`/api/v1/portal/materials/${m1.code}/files`, FAKE_EXE, 'setup.pdf', 'application/pdf', token);
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(exe.body.error.messageZh).toContain('可执行程序');
    const big = await upload(`/api/v1/portal/materials/${m1.code}/files`, Buffer.concat([SAMPLE_PDF, Buffer.alloc(MAX_FILE)]), '大图.pdf', 'application/pdf', token);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', messageZh: expect.stringContaining('大小上限') });
    const pngAsPdf = await upload(`/api/v1/portal/materials/${m1.code}/files`, SAMPLE_PNG, '照片.pdf', 'application/pdf', token);
    expect([pngAsPdf.status, pngAsPdf.body.error.messageZh]).toEqual([415, expect.stringContaining('与文件内容（PNG）不符')]);
    const notOurs = await upload(`/api/v1/portal/materials/FGW-002-M01/files`, SAMPLE_PDF, 'a.pdf', 'application/pdf', token);
    expect(notOurs.status).toBe(400);
    // only the two accepted files are in the bucket: the refused ones were never kept or were deleted at once
    expect(objectsOf(applicationId)).toHaveLength(2);

    // listed with the application, for the applicant and the window; downloadable byte for byte
    const overview = await e.http.get<Overview>('/api/v1/portal/case', token);
    expect(overview.status).toBe(200);
    expect(overview.body.materials.find((m) => m.code === m1.code)?.files.map((f) => f.sha256)).toEqual([sha(SAMPLE_PDF)]);
    expect(overview.body.applicant.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const listed = await e.http.get<FileView[]>(`/api/v1/applications/${applicationId}/files`, clerk);
    expect(listed.body.map((f) => f.sha256).sort()).toEqual([sha(SAMPLE_PDF), sha(SAMPLE_PNG)].sort());
    const withApplication = await e.http.get<{ files: FileView[] }>(`/api/v1/applications/${applicationId}`, clerk);
    expect(withApplication.body.files.map((f) => f.id).sort()).toEqual(listed.body.map((f) => f.id).sort());
    const dl = await fetch(`${e.http.base}/api/v1/applications/${applicationId}/files/${pdf.body.id}`, { headers: { authorization: `Bearer ${clerk}` } });
    expect([dl.status, dl.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(sha(new Uint8Array(await dl.arrayBuffer()))).toBe(sha(SAMPLE_PDF));

    // removed before acceptance: gone from the list and from the bucket
    const removed = await fetch(`${e.http.base}/api/v1/portal/files/${png.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(200);
    expect(objectsOf(applicationId)).toHaveLength(1);
    // the window takes a file in for the applicant too (a photo, by content a JPEG)
    const byClerk = await upload(`/api/v1/applications/${applicationId}/materials/${m2.code}/files`, SAMPLE_JPEG, '现场照片.jpg', 'image/jpeg', clerk);
    expect(byClerk.status).toBe(201);
    expect(byClerk.body).toMatchObject({ mediaType: 'image/jpeg', uploadedBy: 'clerk1', fileName: '现场照片.jpg' });
    expect(objectsOf(applicationId)).toHaveLength(2);

    // accepted at the window: no more removing
    expect((await e.http.post(`/api/v1/applications/${applicationId}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${applicationId}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    const late = await fetch(`${e.http.base}/api/v1/portal/files/${pdf.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(late.status).toBe(409);
    mine = { applicationId, phone, caseNo: accepted.body.caseNo, pdf: pdf.body };
  });

  it('sends a one-time code only to the phone of the case, refuses a wrong code and too many requests', async () => {
    // another applicant's application, with a file of its own
    const phone = aPhone();
    const applicationId = await applyOnline(phone);
    const token = await loginAsApplicant({ applicationId }, phone);
    const f = await upload(`/api/v1/portal/materials/${required()[0]?.code ?? ''}/files`, SAMPLE_PDF, 'x.pdf', 'application/pdf', token);
    expect((await e.http.post(`/api/v1/applications/${applicationId}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${applicationId}/accept`, undefined, clerk);
    other = { applicationId, phone, fileId: f.body.id, caseNo: accepted.body.caseNo };

    // a phone that is not the case's: the same answer, and no SMS
    const stranger = aPhone();
    expect((await e.http.post('/api/v1/portal/codes', { caseNo: mine.caseNo, phone: stranger })).status).toBe(202);
    // the right phone: a code; asked again at once: 429 with a Chinese reason
    await twoMinutesLater();
    const before = smsc.messages().filter((m) => m.destination === mine.phone).length;
    expect((await e.http.post('/api/v1/portal/codes', { caseNo: mine.caseNo, phone: mine.phone })).status).toBe(202);
    const code = await codeSentTo(mine.phone, before);
    const again = await e.http.post<ErrorAnswer>('/api/v1/portal/codes', { caseNo: mine.caseNo, phone: mine.phone });
    expect([again.status, again.body.error.messageZh]).toEqual([429, '验证码已发送，请1分钟后再重新获取']);
    const wrong = await e.http.post<ErrorAnswer>('/api/v1/portal/sessions', { caseNo: mine.caseNo, phone: mine.phone, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'CODE_INVALID', messageZh: '验证码错误，还可尝试4次' });
    expect((await e.http.post('/api/v1/portal/sessions', { caseNo: mine.caseNo, phone: stranger, code })).status).toBe(401);
    const ok = await e.http.post<{ accessToken: string; caseNo: string }>('/api/v1/portal/sessions', { caseNo: mine.caseNo, phone: mine.phone, code });
    expect([ok.status, ok.body.caseNo]).toEqual([200, mine.caseNo]);
    // used once only
    expect((await e.http.post('/api/v1/portal/sessions', { caseNo: mine.caseNo, phone: mine.phone, code })).status).toBe(401);
    await eventually(async () => smsc.messages().filter((m) => m.destination === stranger).length === 0);
    expect(smsc.messages().filter((m) => m.destination === stranger)).toHaveLength(0);
  });

  it("shows the applicant their own case only: status, remaining working days, the acceptance notice; another's is 403/404", async () => {
    const token = await loginAsApplicant({ caseNo: mine.caseNo }, mine.phone);
    const o = await eventually(async () => {
      const r = await e.http.get<Overview>('/api/v1/portal/case', token);
      return r.body.tasks?.length ? r.body : undefined;
    });
    expect(o).toMatchObject({ applicationId: mine.applicationId, caseNo: mine.caseNo, statusText: expect.any(String) });
    expect(o.tasks[0]).toMatchObject({ itemCode: item.code, remainingWorkingDays: expect.any(Number) });
    const notice = o.documents.find((d) => d.kind === 'acceptance_notice');
    if (!notice) throw new Error('no acceptance notice listed');
    const pdf = await fetch(`${e.http.base}${notice.url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await pdfText(pdf)).toContain(mine.caseNo);
    // the file uploaded before acceptance, downloadable by its applicant
    const own = await fetch(`${e.http.base}/api/v1/portal/files/${mine.pdf.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(sha(new Uint8Array(await own.arrayBuffer()))).toBe(mine.pdf.sha256);

    // nothing of the other case: its file and its notice do not exist for this token; staff routes are refused
    expect((await e.http.get(`/api/v1/portal/files/${other.fileId}`, token)).status).toBe(404);
    const otherDocs = await e.http.get<{ documentNo: string }[]>(`/api/v1/cases/${other.caseNo}/documents`, clerk);
    const otherNo = otherDocs.body[0]?.documentNo ?? 'none';
    expect((await e.http.get(`/api/v1/portal/documents/acceptance_notice.pdf?documentNo=${encodeURIComponent(otherNo)}`, token)).status).toBe(404);
    expect((await e.http.get(`/api/v1/cases/${other.caseNo}`, token)).status).toBe(403);
    expect((await e.http.get(`/api/v1/applications/${other.applicationId}/files`, token)).status).toBe(403);
    expect((await e.http.get(`/api/v1/applications/${other.applicationId}/files/${other.fileId}`, token)).status).toBe(403);
    // a staff token is no applicant token
    expect((await e.http.get('/api/v1/portal/case', clerk)).status).toBe(403);

    // 好差评 online: the acceptance (受理) rated once by the applicant
    const events = await eventually(async () => {
      const r = await e.http.get<Overview & { serviceEvents: { id: string; kind: string; rated: boolean }[] }>('/api/v1/portal/case', token);
      return r.body.serviceEvents.length > 0 ? r.body.serviceEvents : undefined;
    });
    const rated = await e.http.post<{ level: string; channel: string }>(`/api/v1/portal/service-events/${events[0]?.id ?? ''}/rating`, { level: 'very_satisfied' }, token);
    expect([rated.status, rated.body.channel, rated.body.level]).toEqual([201, 'online', 'very_satisfied']);
    expect((await e.http.post(`/api/v1/portal/service-events/${events[0]?.id ?? ''}/rating`, { level: 'satisfied' }, token)).status).toBe(409);
  });

  it('shows a correction a department asked for, and takes the answer as an uploaded file', async () => {
    const zrzy = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string; caseNo: string }[]>(`/api/v1/review/tasks?caseNo=${mine.caseNo}`, zrzy)).body[0]);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    const m1 = required()[0];
    if (!m1) throw new Error('no material');
    const asked = await e.http.post(`/api/v1/review/tasks/${task.id}/request-correction`, { items: [{ materialCode: m1.code, description: '规划图缺少坐标' }] }, zrzy);
    expect(asked.status).toBe(200);

    const token = await loginAsApplicant({ caseNo: mine.caseNo }, mine.phone);
    const o = await eventually(async () => {
      const r = await e.http.get<Overview>('/api/v1/portal/case', token);
      return r.body.corrections.length > 0 ? r.body : undefined;
    });
    expect(o.corrections[0]?.detail).toContain('规划图缺少坐标');
    // answering before a file is uploaded: every problem named
    const early = await e.http.post<ErrorAnswer>('/api/v1/portal/supplements', { materials: [{ code: m1.code, form: 'electronic' }] }, token);
    expect(early.status).toBe(400);
    const up = await upload(`/api/v1/portal/materials/${m1.code}/files`, SAMPLE_PDF, '规划图（补正）.pdf', 'application/pdf', token);
    expect(up.status).toBe(201);
    const answered = await e.http.post<{ caseNo: string }>('/api/v1/portal/supplements', { materials: [{ code: m1.code, form: 'electronic' }] }, token);
    expect(answered.status).toBe(200);
    const resumed = await eventually(async () => {
      const d = await e.http.get<{ status: string }>(`/api/v1/review/tasks/${task.id}`, zrzy);
      return d.body.status === 'claimed' ? d.body : undefined;
    });
    expect(resumed.status).toBe('claimed');
  });
});
