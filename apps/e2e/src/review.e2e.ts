/**
 * The back office over HTTP (issue 4): special procedures stop the clock, corrections resume by themselves
 * when the supplement arrives, refusals keep their reasons, department heads assign, joint review meetings.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Events, PROCEDURES } from '@yichuang/contracts';
import { PROCEDURE_TEXT } from '@yichuang/domain';
import { aCreditCode, aProjectCode, E2E_CLOCK_START, eventually, publishTestEvent } from '@yichuang/testing';
import { setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; department: { code: string }; materials: { code: string; required: boolean }[] }
interface Task { id: string; caseNo: string; itemCode: string; department: string; status: string; dueDate: string; remainingWorkingDays: number; suspended: boolean; assignee?: string; outcome?: string; refusalReason?: string; opinion?: string }
interface Detail extends Task {
  pauses: { kind: string; procedure?: string; from: string; to?: string }[];
  actions: { action: string; actor: string; note?: string }[];
  meetings: { id: string; topic: string; opinions: { section: string; position: string; by: string }[]; conclusion?: string }[];
  corrections: { items: { description: string }[]; supplementedAt?: string }[];
}
interface Ledger { dueDate: string; elapsedWorkingDays: number; remainingWorkingDays: number; days: { date: string; counted: boolean; reason: string }[] }

describe('review back office over HTTP', () => {
  let e: E2E;
  let clerk: string;
  let zrzy: string;
  let zrzyHead: string;
  let fgw: string;
  let fgwHead: string;

  beforeAll(async () => {
    e = await startE2E();
    [clerk, zrzy, zrzyHead, fgw, fgwHead] = await Promise.all(['clerk1', 'zrzy1', 'zrzy_head', 'fgw1', 'fgw_head'].map((u) => e.http.login(u)));
  });

  afterAll(async () => {
    await e?.stop();
  });

  /** Accept a case for ZRZY-001 with every required material; the ZRZY review task it creates. */
  async function zrzyTaskOfNewCase(): Promise<Task> {
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001');
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', agentName: '李四' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    return eventually(async () => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${accepted.body.caseNo}`, zrzy)).body[0]);
  }

  const addWorkingDays = async (from: string, days: number) => (await e.http.get<{ date: string }>(`/api/v1/calendar/add-working-days?from=${from}&days=${days}`)).body.date;

  /** a terminal listening on the push channel (GET /api/v1/updates): the updates it got so far */
  async function listen(token: string) {
    const ctrl = new AbortController();
    const res = await fetch(`${e.http.base}/api/v1/updates`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: ctrl.signal });
    const got: { type: string; data: { kind?: string; change?: string; caseNo?: string; taskId?: string; departmentCode?: string } }[] = [];
    void (async () => {
      const text = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body ?? []) {
          buf += text.decode(chunk as Uint8Array, { stream: true });
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data) got.push({ type: /^event: (.*)$/m.exec(block)?.[1] ?? 'message', data: JSON.parse(data) as (typeof got)[number]['data'] });
          }
        }
      } catch {
        // closed by the test
      }
    })();
    return { status: res.status, type: res.headers.get('content-type'), got, close: () => ctrl.abort() };
  }

  it('pushes a new task to its department as it arrives and its decision after, the case to the window, and nothing to another department', async () => {
    const [mine, other, window] = await Promise.all([listen(zrzy), listen(fgw), listen(clerk)]);
    try {
      expect([mine.status, mine.type]).toEqual([200, expect.stringContaining('text/event-stream')]);
      const task = await zrzyTaskOfNewCase();
      const ofCase = (l: typeof mine) => l.got.filter((u) => u.data.caseNo === task.caseNo);
      await eventually(async () => ofCase(mine).some((u) => u.type === 'task' && u.data.change === 'created'), 10_000);
      expect(ofCase(mine)[0]?.data).toEqual({ kind: 'task', change: 'created', caseNo: task.caseNo, taskId: task.id, departmentCode: 'ZRZY' });
      await eventually(async () => ofCase(window).some((u) => u.type === 'case' && u.data.change === 'accepted'), 10_000);
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' }, zrzy)).status).toBe(200);
      await eventually(async () => ofCase(mine).some((u) => u.data.change === 'decided'), 10_000);
      await eventually(async () => ofCase(window).some((u) => u.type === 'case' && u.data.change === 'decided'), 10_000);
      // ids only, and only to whom it concerns: another department hears nothing of it, the window no task
      expect(JSON.stringify(window.got)).not.toContain('新县城投');
      expect(ofCase(other)).toEqual([]);
      expect(ofCase(window).filter((u) => u.type === 'task')).toEqual([]);
    } finally {
      for (const l of [mine, other, window]) l.close();
    }
    expect((await fetch(`${e.http.base}/api/v1/updates`)).status).toBe(401);
  });

  it('moves the due date by exactly the working days suspended, across a weekend; the ledger shows them as paused', async () => {
    await setClock(e, 'intake', '2026-11-10T02:00:00.000Z'); // accepted Tuesday
    await setClock(e, 'review', '2026-11-10T02:00:00.000Z');
    const task = await zrzyTaskOfNewCase();
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);

    await setClock(e, 'review', '2026-11-12T02:00:00.000Z'); // Thursday
    const s = await e.http.post<Task>(`/api/v1/review/tasks/${task.id}/suspend`, { procedure: 'site_inspection', reason: '需组织联合踏勘', expectedWorkingDays: 3 }, zrzy);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ status: 'suspended', suspended: true, dueDate: task.dueDate });
    const decideSuspended = await e.http.post<{ error: { code: string } }>(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy);
    expect(decideSuspended.status).toBe(409);
    expect(decideSuspended.body.error.code).toBe('INVALID_STATE');

    await setClock(e, 'review', '2026-11-17T02:00:00.000Z'); // the next Tuesday: paused Thu, Fri, (Sat, Sun), Mon = 3 working days
    const r = await e.http.post<Task>(`/api/v1/review/tasks/${task.id}/resume`, undefined, zrzy);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('claimed');
    expect(r.body.dueDate).toBe(await addWorkingDays(task.dueDate, 3));

    const ledger = await e.http.get<Ledger>(`/api/v1/review/tasks/${task.id}/ledger`, zrzy);
    expect(ledger.status).toBe(200);
    expect(ledger.body.dueDate).toBe(r.body.dueDate);
    const reasons = Object.fromEntries(ledger.body.days.map((d) => [d.date, d.reason]));
    expect(reasons).toMatchObject({ '2026-11-11': 'counted', '2026-11-12': 'paused', '2026-11-13': 'paused', '2026-11-14': 'rest_day', '2026-11-16': 'paused', '2026-11-17': 'counted' });
    expect(ledger.body.elapsedWorkingDays).toBe(2);
    await setClock(e, 'review', null);
    await setClock(e, 'intake', null);
  });

  it('asks for corrections and resumes by itself when the supplement arrives', async () => {
    const task = await zrzyTaskOfNewCase();
    const c = await e.http.post<Task>(
      `/api/v1/review/tasks/${task.id}/request-correction`,
      { items: [{ materialCode: 'ZRZY-001-M02', description: '规划图缺少坐标' }, { description: '授权委托书未签字' }] },
      zrzy,
    );
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('correction_requested');
    await publishTestEvent(e.infra.natsUrl, Events.supplementReceived, { caseNo: task.caseNo, receivedAt: E2E_CLOCK_START, materialCodes: ['ZRZY-001-M02'] }, { source: 'intake', occurredAt: E2E_CLOCK_START });
    const resumed = await eventually(async () => {
      const d = await e.http.get<Detail>(`/api/v1/review/tasks/${task.id}`, zrzy);
      return d.body.status === 'claimed' ? d.body : null;
    });
    expect(resumed.corrections).toHaveLength(1);
    expect(resumed.corrections[0]?.items.map((i) => i.description)).toEqual(['规划图缺少坐标', '授权委托书未签字']);
    expect(resumed.corrections[0]?.supplementedAt).toBeDefined();
    // requested and supplied the same day: no working day lost
    expect(resumed.dueDate).toBe(task.dueDate);
  });

  it('keeps the reasons of a refusal and answers 409 to a second decision', async () => {
    const task = await zrzyTaskOfNewCase();
    const d = await e.http.post<Task>(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'deny', opinion: '选址位于生态保护红线内，不予许可。' }, zrzy);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'denied', outcome: 'deny', refusalReason: '选址位于生态保护红线内，不予许可。' });
    expect((await e.http.get<Detail>(`/api/v1/review/tasks/${task.id}`, zrzy)).body.refusalReason).toBe('选址位于生态保护红线内，不予许可。');
    expect((d.body as { rightsNotice?: string }).rightsNotice).toMatch(/行政复议.*行政诉讼/);
    // the applicant is told at once, with the reason and the rights
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${task.caseNo}/notifications`, clerk);
      return r.body.find((m) => m.template === 'TASK_REFUSED');
    });
    expect(sms.content).toContain('生态保护红线');
    expect(sms.content).toContain('行政复议');
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy)).status).toBe(409);
  });

  it('lets the head assign, records a joint review meeting in the task detail, and hides it all from another department', async () => {
    const task = await zrzyTaskOfNewCase();
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/assign`, { assignee: 'zrzy2' }, zrzy)).status).toBe(403);
    const a = await e.http.post<Task>(`/api/v1/review/tasks/${task.id}/assign`, { assignee: 'zrzy1', note: '请尽快办理' }, zrzyHead);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ status: 'claimed', assignee: 'zrzy1' });

    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/opinions`, { opinion: '初审：材料齐全' }, zrzy)).status).toBe(200);
    const m = await e.http.post<Detail>(`/api/v1/review/tasks/${task.id}/meetings`, { sections: ['规划科', '用地科'], topic: '审议用地预审意见' }, zrzy);
    expect(m.status).toBe(201);
    const meetingId = m.body.meetings[0]?.id ?? '';
    for (const [section, position] of [['规划科', 'agree'], ['用地科', 'conditional']] as const) {
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/meetings/${meetingId}/opinions`, { section, position, opinion: `${section}意见` }, zrzy)).status).toBe(200);
    }
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/meetings/${meetingId}/conclude`, { conclusion: '原则同意' }, zrzy)).status).toBe(200);
    const detail = await e.http.get<Detail>(`/api/v1/review/tasks/${task.id}`, zrzy);
    expect(detail.body.meetings[0]).toMatchObject({
      topic: '审议用地预审意见',
      conclusion: '原则同意',
      opinions: [
        { section: '规划科', position: 'agree', by: 'zrzy1' },
        { section: '用地科', position: 'conditional', by: 'zrzy1' },
      ],
    });
    expect(detail.body.actions.map((x) => x.action)).toEqual(['created', 'assigned', 'opinion', 'meeting_convened', 'meeting_opinion', 'meeting_opinion', 'meeting_concluded']);

    const base = `/api/v1/review/tasks/${task.id}`;
    const foreign = [
      e.http.post(`${base}/suspend`, { procedure: 'hearing', reason: '听证', expectedWorkingDays: 2 }, fgw),
      e.http.post(`${base}/resume`, undefined, fgw),
      e.http.post(`${base}/request-correction`, { items: [{ description: 'x' }] }, fgw),
      e.http.post(`${base}/assign`, { assignee: 'fgw1' }, fgwHead),
      e.http.post(`${base}/opinions`, { opinion: 'x' }, fgw),
      e.http.get(base, fgw),
      e.http.get(`${base}/ledger`, fgw),
      e.http.post(`${base}/meetings`, { sections: ['综合科'], topic: 'x' }, fgw),
      e.http.post(`${base}/meetings/${meetingId}/opinions`, { section: '规划科', position: 'agree', opinion: 'x' }, fgw),
      e.http.post(`${base}/meetings/${meetingId}/conclude`, { conclusion: 'x' }, fgw),
    ];
    expect((await Promise.all(foreign)).map((x) => x.status)).toEqual(foreign.map(() => 404));
  });

  it('runs a correction end to end: the reviewer asks, the applicant is told by SMS, the window takes the supplement, the task resumes by itself', async () => {
    await setClock(e, 'intake', null);
    await setClock(e, 'review', null);
    const task = await zrzyTaskOfNewCase();
    const req = await e.http.post<Task>(
      `/api/v1/review/tasks/${task.id}/request-correction`,
      { items: [{ materialCode: 'ZRZY-001-M02', description: '用地范围图缺少坐标' }, { description: '补充项目选址论证报告' }] },
      zrzy,
    );
    expect(req.status).toBe(200);
    expect(req.body.status).toBe('correction_requested');
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${task.caseNo}/notifications`, clerk);
      return r.body.find((m) => m.template === 'CORRECTION_REQUESTED');
    });
    expect(sms.content).toContain('用地范围图缺少坐标');
    const sup = await e.http.post(`/api/v1/cases/${task.caseNo}/supplements`, { materials: [{ code: 'ZRZY-001-M02', form: 'paper' }] }, clerk);
    expect(sup.status).toBe(200);
    const resumed = await eventually(async () => {
      const r = await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${task.caseNo}`, zrzy);
      return r.body[0]?.status === 'claimed' ? r.body[0] : null;
    });
    expect(resumed.suspended).toBe(false);
    // the case's timeline follows review's task.resumed event (eventually)
    const events = await eventually(async () => {
      const timeline = await e.http.get<{ timeline: { event: string }[] }>(`/api/v1/cases/${task.caseNo}`, clerk);
      const names = timeline.body.timeline.map((t) => t.event);
      return names.includes('task_resumed') ? names : null;
    });
    expect(events).toEqual(expect.arrayContaining(['task_suspended', 'supplement_received', 'task_resumed']));
    expect(events.indexOf('supplement_received')).toBeLessThan(events.indexOf('task_resumed'));
  });

  it('names each special procedure the same in the task’s record, the case’s timeline and the applicant’s SMS', async () => {
    const task = await zrzyTaskOfNewCase();
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    const reasonOf = (i: number) => `第${i + 1}次暂停的原因`;
    for (const [i, procedure] of PROCEDURES.entries()) {
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/suspend`, { procedure, reason: reasonOf(i), expectedWorkingDays: 2 }, zrzy)).status).toBe(200);
      expect((await e.http.post(`/api/v1/review/tasks/${task.id}/resume`, undefined, zrzy)).status).toBe(200);
    }
    /** reason → the procedure's name in each text, as the text writes it */
    const named = (texts: string[], pattern: RegExp) => new Map(texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => [m[2] ?? '', m[1] ?? ''] as const)));

    const record = (await e.http.get<Detail>(`/api/v1/review/tasks/${task.id}`, zrzy)).body.actions.filter((a) => a.action === 'suspended');
    const inRecord = named(record.map((a) => a.note ?? ''), /^(\S+?)（预计 \d+ 个工作日）：(.+)$/g);
    const timeline = await eventually(async () => {
      const c = await e.http.get<{ timeline: { event: string; detail?: string }[] }>(`/api/v1/cases/${task.caseNo}`, clerk);
      const suspended = c.body.timeline.filter((t) => t.event === 'task_suspended');
      return suspended.length === PROCEDURES.length ? suspended : null;
    });
    const inTimeline = named(timeline.map((t) => t.detail ?? ''), /特殊程序：(\S+?)（(.+?)）/g);
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${task.caseNo}/notifications`, clerk);
      const suspended = r.body.filter((m) => m.template === 'TASK_SUSPENDED');
      return suspended.length === PROCEDURES.length ? suspended : null;
    });
    const inSms = named(sms.map((m) => m.content), /需进行(\S+?)（(.+?)）/g);

    const names = PROCEDURES.map((procedure, i) => [procedure, inRecord.get(reasonOf(i)), inTimeline.get(reasonOf(i)), inSms.get(reasonOf(i))]);
    expect(names).toEqual(PROCEDURES.map((procedure) => [procedure, PROCEDURE_TEXT[procedure], PROCEDURE_TEXT[procedure], PROCEDURE_TEXT[procedure]]));
  });
});
