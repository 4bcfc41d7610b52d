import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type AcceptReply,
  type AcceptRequest,
  type Actor,
  type AddCaseSupplementRequest,
  type CaseAcceptedV1,
  type CaseStatus,
  type CaseView,
  type DeliveryChoice,
  type InquiryReply,
  type CaseSummary,
  type CommitmentInput,
  type DecidedResult,
  type EventEnvelope,
  type ListCasesRequest,
} from '@yichuang/contracts';
import {
  assertCaseTransition,
  CASE_EVENT_TEXT,
  CASE_STATUS_TEXT,
  chinaToday,
  DELIVERY_METHOD_TEXT,
  isProvisionalDeadline,
  ITEM_KIND_TEXT,
  OUTCOME_TEXT,
  type CaseEvent,
  type WorkingCalendar,
} from '@yichuang/domain';
import type { AcceptanceNoticeData } from '@yichuang/documents';
import { DocumentsService } from '../documents/documents.service.js';
import { CalendarClient, Clock, Idempotency, Outbox, requestContext, piiCipher, requireActor, sealPii } from '@yichuang/platform';
import { ApplicationsService } from '../applications/applications.service.js';
import { Application } from '../applications/application.entities.js';
import { RecentApplications } from '../applications/recent-applications.js';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';
import { CaseFile, CaseTimelineEntry, type CaseItem } from './case.entities.js';

/** The steps of a case the public inquiry shows (named by CASE_EVENT_TEXT); messages and window details stay inside. */
export const PUBLIC_STEPS: ReadonlySet<string> = new Set<CaseEvent>([
  'accepted',
  'dispatched',
  'task_decided',
  'task_suspended',
  'supplement_received',
  'task_resumed',
  'decided',
  'certificates_issued',
  'certificate_collected',
  'evaluated',
]);

/** What an acceptance writes, prepared before the numbering statement. */
interface AcceptancePlan {
  app: Application;
  items: (CaseItem & { dueDateProvisional: boolean })[];
  promisedDueDate: string;
  acceptedDate: string;
  now: Date;
  by: string;
  windowNo: string | null;
  notice: Omit<AcceptanceNoticeData, 'documentNo' | 'caseNo' | 'materials'>;
  notes: { at: Date; event: CaseEvent; actor: string; detail: string | null }[];
  event: EventEnvelope<object>;
}

/** 受理 and the life of a case (办件) as the comprehensive window follows it. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly applications: ApplicationsService,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly documents: DocumentsService,
    private readonly recent: RecentApplications,
  ) {}

  /**
   * Formal acceptance: only after a complete pre-check. Gives the case number (gap-free per year), the
   * promised due date of each item in working days, and publishes ONE `case.accepted` event from which the
   * review service creates one task per department item (parallel dispatch, 并联审批). Instant and
   * notify-and-commit items are decided here, on the spot.
   */
  async accept(req: AcceptRequest): Promise<AcceptReply> {
    const actor = requireActor('clerk');
    const calendar = await this.calendar.calendar();
    // The common case in two statements and no transaction: read the application, then ONE statement that
    // re-checks its state under a row lock, numbers and writes everything (atomic by itself). A transaction is
    // needed to record an Idempotency-Key, or to close a case decided entirely on the spot; and when the
    // application changed between the two statements, the transactional path decides under a lock.
    if (!requestContext.current()?.idempotencyKey) {
      // this instance's copy from the pre-check a moment ago saves the read; used only if still current
      const copy = this.recent.get(req.id)?.app;
      this.recent.forget(req.id);
      const fromCopy = copy && this.tryPrepare(copy, calendar, actor, req.commitment);
      const reply = fromCopy && (await this.numberAndRecord(this.ds.manager, fromCopy, copy.updatedAt));
      if (reply) return reply;
      const app = await this.applications.read(this.ds.manager, req.id);
      if (app && app.items.some((i) => i.kind === 'promised')) {
        const fresh = await this.numberAndRecord(this.ds.manager, this.prepareAcceptance(app, calendar, actor, req.commitment));
        if (fresh) return fresh;
      }
    }
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'intake.application.accept', req, async () => {
        const app = await this.applications.lock(tx, req.id);
        const plan = this.prepareAcceptance(app, calendar, actor, req.commitment);
        const reply = await this.numberAndRecord(tx, plan);
        if (!reply) throw new Error(`application ${app.id} changed under its lock`);
        if (plan.items.every((i) => i.outcome)) await this.decide(tx, reply.caseNo, plan.now);
        return reply;
      }),
    );
  }

  /** prepareAcceptance from a copy that may be stale: undefined rather than an error the row might not justify. */
  private tryPrepare(app: Application, calendar: WorkingCalendar, actor: Actor, commitment?: CommitmentInput): AcceptancePlan | undefined {
    if (!app.items.some((i) => i.kind === 'promised')) return undefined;
    try {
      return this.prepareAcceptance(app, calendar, actor, commitment);
    } catch {
      return undefined;
    }
  }

  /** Checks that the application can be accepted (else the error the clerk sees) and prepares what acceptance writes. */
  private prepareAcceptance(app: Application, calendar: WorkingCalendar, actor: Actor, commitment?: CommitmentInput): AcceptancePlan {
    if (app.status === 'accepted') {
      throw new AppError('CONFLICT', `application already accepted as case ${app.caseNo}`, [{ problem: 'already accepted', caseNo: app.caseNo }]);
    }
    if (app.status === 'rejected') throw new AppError('INVALID_STATE', 'application was rejected');
    if (!app.lastPrecheck || app.lastPrecheck.status !== 'complete' || app.status !== 'submitted') {
      const problems = app.lastPrecheck?.problems ?? [];
      throw new AppError(
        'MATERIALS_INCOMPLETE',
        app.lastPrecheck ? 'the last pre-check found problems: issue a one-time notice instead' : 'the application has not been pre-checked',
        problems.map((p) => ({ field: p.materialCode, problem: `${p.verdict}: ${p.name}` })),
      );
    }
    // 加大窗口工作授权: an item not delegated to the window waits for its department's 审查
    const unconfirmed = this.applications.windowReviewRequired(app.items).filter((d) => !app.windowReviews.some((r) => r.department === d && r.confirmed));
    if (unconfirmed.length > 0) {
      throw new AppError(
        'INVALID_STATE',
        `the department colleague at the window has not confirmed: ${unconfirmed.join(', ')}`,
        unconfirmed.map((d) => {
          const items = app.items.filter((i) => i.department.code === d);
          const names = items.map((i) => `“${i.name}”`).join('、');
          return {
            problem: 'window review missing',
            department: d,
            itemCodes: items.map((i) => i.code),
            problemZh: `${names}须由${items[0]?.department.name ?? d}业务窗口工作人员审查确认材料后方可受理`,
          };
        }),
      );
    }
    const committed = app.items.filter((i) => i.kind === 'notify_commit');
    if (committed.length > 0 && !commitment) {
      throw new AppError(
        'INVALID_STATE',
        'notify-and-commit items are approved only on the applicant\'s signed commitment letter (告知承诺书)',
        committed.map((i) => ({ field: 'commitment', problem: `the commitment letter of ${i.code} is not signed`, itemCode: i.code })),
      );
    }
    const now = this.clock.now();
    // missed the five working days of Art. 32: accepted by law from the day the materials arrived
    const acceptedDate = app.deemedAcceptedFrom ?? this.clock.today();
    const items: AcceptancePlan['items'] = app.items.map((i) => {
      const onTheSpot = i.kind !== 'promised';
      const due = onTheSpot ? { date: acceptedDate, provisional: false } : calendar.workingDaysAfter(acceptedDate, i.promisedDays);
      return {
        itemCode: i.code,
        itemName: i.name,
        departmentCode: i.department.code,
        departmentName: i.department.name,
        kind: i.kind,
        legalDays: i.legalDays,
        promisedDays: i.promisedDays,
        dueDate: due.date,
        dueDateProvisional: due.provisional,
        resultDocument: i.resultDocument,
        ...(i.legalBasis ? { legalBasis: i.legalBasis } : {}),
        ...(onTheSpot ? { outcome: 'approve' as const, decidedAt: now.toISOString(), decidedBy: actor.username, opinion: ON_THE_SPOT_OPINION[i.kind === 'notify_commit' ? 'notify_commit' : 'instant'] } : {}),
        ...(i.kind === 'notify_commit' && commitment
          ? { commitment: { signerName: commitment.signerName, signedAt: now.toISOString(), ...(commitment.letterSha256 ? { letterSha256: commitment.letterSha256 } : {}) } }
          : {}),
      };
    });
    const notes: AcceptancePlan['notes'] = [
      { at: now, event: 'accepted', actor: actor.username, detail: `受理 ${items.length} 个事项` },
      ...items
        .filter((x) => x.outcome)
        .map((i) => ({ at: now, event: 'decided_on_the_spot' as const, actor: actor.username, detail: `${i.itemName}：${ITEM_KIND_TEXT[i.kind]}，${CASE_EVENT_TEXT.decided_on_the_spot}` })),
    ];
    const event = this.outbox.envelope(Events.caseAccepted, {
      caseNo: '', // filled in by the numbering statement
      applicationId: app.id,
      stage: app.stage,
      acceptedAt: now.toISOString(),
      acceptedDate,
      acceptedBy: actor.username,
      ...(actor.window ? { windowNo: actor.window } : {}),
      applicant: app.applicant,
      project: app.project,
      catalogVersion: app.catalogVersion,
      delivery: app.delivery,
      items: items.map((i) => ({
        itemCode: i.itemCode,
        itemName: i.itemName,
        departmentCode: i.departmentCode,
        departmentName: i.departmentName,
        kind: i.kind,
        legalDays: i.legalDays,
        promisedDays: i.promisedDays,
        dueDate: i.dueDate,
        resultDocument: i.resultDocument,
      })),
    });
    return {
      app,
      items,
      promisedDueDate: items.map((i) => i.dueDate).sort().at(-1) ?? acceptedDate,
      acceptedDate,
      now,
      by: actor.username,
      windowNo: actor.window ?? null,
      notice: this.acceptanceNotice(app, items, acceptedDate, actor.username),
      notes,
      event,
    };
  }

  /**
   * 补正材料: the applicant hands in the supplement a department asked for (补齐补正). Recorded on the case's
   * application (paper into custody), noted on the timeline, and `supplement.received` is published in the same
   * transaction so the review service resumes the tasks waiting for it.
   */
  async addSupplement(req: AddCaseSupplementRequest): Promise<CaseView> {
    // the window, or the case's own applicant (portal token) with the electronic files they uploaded for it
    const actor = requireActor('clerk', 'applicant');
    const applicant = !actor.roles.includes('clerk');
    if (applicant && actor.caseNo !== req.caseNo) throw AppError.notFound('case');
    await this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'intake.case.supplement', req, async () => {
        const c = await tx.getRepository(CaseFile).findOne({ where: { caseNo: req.caseNo }, lock: { mode: 'pessimistic_write' } });
        if (!c) throw AppError.notFound('case');
        if (applicant) await this.electronicSupplementProblems(tx, c.applicationId, req);
        if (c.status !== 'accepted' && c.status !== 'in_review') throw new AppError('INVALID_STATE', `case is ${c.status}; a supplement is no longer expected`);
        const now = this.clock.now();
        const open = c.items.filter((i) => !i.outcome).map((i) => i.itemCode);
        const received = await this.applications.receiveSupplement(tx, c.applicationId, open, req.materials, actor.username, now);
        await tx.update(CaseFile, { caseNo: c.caseNo }, { updatedAt: now });
        await this.note(tx, c.caseNo, 'supplement_received', actor.username, `${CASE_EVENT_TEXT.supplement_received}：${received.map((m) => m.name).join('、')}`, now);
        await this.outbox.add(tx, Events.supplementReceived, { caseNo: c.caseNo, receivedAt: now.toISOString(), materialCodes: received.map((m) => m.code) });
        return null;
      }),
    );
    return this.get(req.caseNo);
  }

  /** An applicant answers a correction online: every material electronic, each with a file uploaded after acceptance. */
  private async electronicSupplementProblems(tx: EntityManager, applicationId: string, req: AddCaseSupplementRequest): Promise<void> {
    const rows = (await tx.query(`SELECT DISTINCT material_code FROM material_file WHERE application_id = $1 AND after_acceptance`, [applicationId])) as { material_code: string }[];
    const uploaded = new Set(rows.map((r) => r.material_code));
    const problems = req.materials.flatMap((m, i) => {
      if (m.form !== 'electronic') return [{ field: `materials[${i}].form`, problem: 'online, a supplement is electronic' }];
      if (!uploaded.has(m.code)) return [{ field: `materials[${i}].code`, problem: `no file uploaded for ${m.code} since the acceptance` }];
      return [];
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 'upload a file for each material of the supplement first', problems);
  }

  /**
   * 受理通知书's content, fixed at acceptance (the PDF is rendered when first printed); the numbers and the
   * materials received are added by the numbering statement.
   */
  private acceptanceNotice(app: Application, items: AcceptancePlan['items'], acceptedDate: string, by: string): Omit<AcceptanceNoticeData, 'documentNo' | 'caseNo' | 'materials'> {
    return {
      hall: this.documents.hall(),
      applicant: { name: app.applicant.name, idNumber: app.applicant.idNumber, phone: app.applicant.phone, ...(app.applicant.agentName ? { agentName: app.applicant.agentName } : {}) },
      project: app.project,
      items: items.map((i) => ({
        name: i.itemName,
        department: i.departmentName,
        legalDays: i.legalDays,
        promisedDays: i.promisedDays,
        kind: i.kind,
        dueDate: i.dueDate,
        ...(i.dueDateProvisional ? { dueDateProvisional: true } : {}),
      })),
      applicationDate: chinaToday(app.createdAt),
      acceptedDate,
      officer: by,
      officerPhone: this.env.HALL_PHONE,
      legalBasis: '《中华人民共和国行政许可法》第三十二条',
      delivery:
        app.delivery.method === 'ems'
          ? `${DELIVERY_METHOD_TEXT.ems}${app.delivery.address ? `至${app.delivery.address}` : ''}`
          : `${DELIVERY_METHOD_TEXT.pickup}（${this.env.HALL_AGENCY}统一出件窗口）`,
    };
  }

  /**
   * Takes the gap-free case number and 受理通知书 number, and writes everything that carries them (the case,
   * the application's new state, the notice with the materials received, the timeline, the `case.accepted`
   * event), in ONE statement — which first locks the application and re-checks that it is still a complete,
   * pre-checked submission of the same round; if not, it numbers and writes nothing and answers undefined.
   * The counters' rows stay locked from here to the commit, so every other acceptance waits only for this
   * statement and the commit — not for the round trips before it (taking the number first made acceptances
   * queue behind each other's whole transactions: ≈ 185 ms of lock wait per acceptance under load). A rollback
   * still gives the numbers back: no gaps.
   */
  private async numberAndRecord(m: EntityManager, a: AcceptancePlan, updatedAt?: Date): Promise<AcceptReply | undefined> {
    const year = Number(a.acceptedDate.slice(0, 4));
    const rows = (await m.query(
      `WITH app AS (
         SELECT id FROM application
         WHERE id = $4 AND status = 'submitted' AND round = $15 AND last_precheck->>'status' = 'complete'
           AND ($21::timestamptz IS NULL OR updated_at = $21) FOR UPDATE),
       cs AS (
         INSERT INTO case_sequence (year, last_value) SELECT $1, 1 FROM app
         ON CONFLICT (year) DO UPDATE SET last_value = case_sequence.last_value + 1 RETURNING last_value),
       ds AS (
         INSERT INTO document_sequence (kind, year, last_value) SELECT 'acceptance_notice', $1, 1 FROM app
         ON CONFLICT (kind, year) DO UPDATE SET last_value = document_sequence.last_value + 1 RETURNING last_value),
       mats AS (
         SELECT coalesce(jsonb_agg(jsonb_build_object('code', m.code, 'name', m.name, 'form', m.form) ORDER BY m.seq), '[]'::jsonb) AS list
         FROM application_material m WHERE m.application_id = $4),
       n AS (
         SELECT replace(replace($2::text, '{year}', $1::text), '{seq}', lpad(cs.last_value::text, greatest(6, length(cs.last_value::text)), '0')) AS case_no,
                replace(replace($3::text, '{year}', $1::text), '{seq}', ds.last_value::text) AS document_no
         FROM cs, ds),
       c AS (
         INSERT INTO case_file (case_no, application_id, status, stage, accepted_at, accepted_date, accepted_by, window_no,
                                applicant, applicant_id_hmac, project, items, promised_due_date, catalog_version, updated_at)
         SELECT n.case_no, $4, 'accepted', $5, $6, $7, $8, $9, $10, $22, $11, $12, $13, $14, $6 FROM n),
       a AS (UPDATE application SET status = 'accepted', case_no = n.case_no, updated_at = $6 FROM n WHERE application.id = $4),
       d AS (
         INSERT INTO document (id, kind, application_id, case_no, round, document_no, data, created_at, created_by)
         SELECT gen_random_uuid(), 'acceptance_notice', $4, n.case_no, $15, n.document_no,
                $16::jsonb || jsonb_build_object('caseNo', n.case_no, 'documentNo', n.document_no, 'materials',
                  (SELECT coalesce(jsonb_agg(jsonb_build_object('name', m.name, 'form', m.form) ORDER BY m.seq), '[]'::jsonb)
                   FROM application_material m WHERE m.application_id = $4)), $6, $8 FROM n),
       t AS (
         INSERT INTO case_timeline (case_no, at, event, actor, detail)
         SELECT n.case_no, e.at, e.event, e.actor, e.detail FROM n, jsonb_to_recordset($17::jsonb) AS e(at timestamptz, event text, actor text, detail text)),
       o AS (
         INSERT INTO outbox (id, subject, envelope)
         SELECT $18, $19, jsonb_set(jsonb_set($20::jsonb, '{data,caseNo}', to_jsonb(n.case_no)), '{data,materials}', mats.list) FROM n, mats)
       SELECT case_no, document_no, mats.list AS materials FROM n, mats`,
      [
        year,
        this.env.CASE_NO_PATTERN,
        this.env.ACCEPTANCE_NO_PATTERN,
        a.app.id,
        a.app.stage,
        a.now,
        a.acceptedDate,
        a.by,
        a.windowNo,
        JSON.stringify(sealPii(a.app.applicant)),
        JSON.stringify(a.app.project),
        JSON.stringify(a.items.map(({ dueDateProvisional: _, ...item }) => item)),
        a.promisedDueDate,
        a.app.catalogVersion,
        a.app.round,
        JSON.stringify(sealPii(a.notice)),
        JSON.stringify(a.notes),
        a.event.id,
        a.event.type,
        JSON.stringify(a.event),
        updatedAt ?? null,
        piiCipher().hmac(a.app.applicant.idNumber),
      ],
    )) as { case_no: string; document_no: string; materials: CaseAcceptedV1['materials'] }[];
    const row = rows[0];
    if (!row) return undefined;
    // as jsonb_set wrote them into the outbox row
    Object.assign(a.event.data as CaseAcceptedV1, { caseNo: row.case_no, materials: row.materials });
    this.outbox.trackCommitted(m, a.event);
    return {
      caseNo: row.case_no,
      acceptanceNoticeNo: row.document_no,
      acceptedAt: a.now.toISOString(),
      tasks: a.items.filter((i) => !i.outcome).map((i) => ({ itemCode: i.itemCode, department: i.departmentCode, dueDate: i.dueDate, dueDateProvisional: i.dueDateProvisional })),
    };
  }

  async get(caseNo: string): Promise<CaseView> {
    const c = await this.ds.getRepository(CaseFile).findOneBy({ caseNo });
    if (!c) throw AppError.notFound('case');
    const timeline = await this.ds.getRepository(CaseTimelineEntry).find({ where: { caseNo }, order: { seq: 'ASC' } });
    return {
      caseNo: c.caseNo,
      status: c.status,
      stage: c.stage,
      acceptedAt: c.acceptedAt.toISOString(),
      acceptedBy: c.acceptedBy,
      applicationId: c.applicationId,
      applicant: c.applicant,
      project: c.project,
      items: c.items.map((i) => ({ itemCode: i.itemCode, itemName: i.itemName, departmentCode: i.departmentCode, ...(i.outcome ? { outcome: i.outcome } : {}) })),
      promisedDueDate: c.promisedDueDate,
      promisedDueDateProvisional: await this.provisional(c.acceptedDate, c.promisedDueDate),
      catalogVersion: c.catalogVersion,
      timeline: timeline.map((t) => ({ at: t.at.toISOString(), event: t.event, actor: t.actor, ...(t.detail ? { detail: t.detail } : {}) })),
    };
  }

  /**
   * Public progress inquiry (电话问询, portal): the case number and the last four digits of the
   * applicant's phone must match; the answer holds no personal data.
   */
  async inquiry(caseNo: string, phoneLast4: string): Promise<InquiryReply> {
    const c = await this.ds.getRepository(CaseFile).findOneBy({ caseNo });
    if (!c || !c.applicant.phone.endsWith(phoneLast4)) throw AppError.notFound('case');
    const timeline = await this.ds.getRepository(CaseTimelineEntry).find({ where: { caseNo }, order: { seq: 'ASC' } });
    return {
      caseNo,
      status: c.status,
      statusText: CASE_STATUS_TEXT[c.status],
      acceptedAt: c.acceptedAt.toISOString(),
      promisedDueDate: c.promisedDueDate,
      promisedDueDateProvisional: await this.provisional(c.acceptedDate, c.promisedDueDate),
      items: c.items.map((i) => ({ name: i.itemName, department: i.departmentName, result: i.outcome ? OUTCOME_TEXT[i.outcome] : CASE_STATUS_TEXT.in_review })),
      steps: timeline.filter((t) => PUBLIC_STEPS.has(t.event)).map((t) => ({ at: t.at.toISOString(), step: CASE_EVENT_TEXT[t.event as CaseEvent] })),
    };
  }

  /** 跟进办件: the cases of a window (or all), newest due first. */
  async list(req: ListCasesRequest): Promise<CaseSummary[]> {
    const qb = this.ds.getRepository(CaseFile).createQueryBuilder('c').orderBy('c.promised_due_date', 'ASC').addOrderBy('c.accepted_at', 'ASC').take(500);
    if (req.status) qb.andWhere('c.status = :status', { status: req.status });
    else if (req.includeFinished !== 'true') qb.andWhere(`c.status NOT IN ('delivered', 'closed')`);
    if (req.windowNo) qb.andWhere('c.window_no = :w', { w: req.windowNo });
    const cases = await qb.getMany();
    const calendar = await this.calendar.calendar().catch(() => undefined);
    return cases.map((c) => ({
      caseNo: c.caseNo,
      status: c.status,
      stage: c.stage,
      projectName: c.project.name,
      applicantName: c.applicant.name,
      ...(c.windowNo ? { windowNo: c.windowNo } : {}),
      acceptedAt: c.acceptedAt.toISOString(),
      promisedDueDate: c.promisedDueDate,
      promisedDueDateProvisional: isProvisionalDeadline(calendar, c.acceptedDate, c.promisedDueDate),
    }));
  }

  /** Whether a due date counts a provisional day (a year whose holiday arrangement is not announced). */
  private async provisional(from: string, due: string): Promise<boolean> {
    return isProvisionalDeadline(await this.calendar.calendar().catch(() => undefined), from, due);
  }

  /**
   * The review service created the case's tasks (并联审批): an accepted case goes into review and the timeline
   * says where it went — lock, move (with its `case.status-changed` event) and note in ONE statement, the
   * transition `move` would make. A case not (yet) here is an error, so the event is retried. `{departments}`
   * in `detail` becomes the departments' names as the case's items give them.
   */
  async dispatched(tx: EntityManager, caseNo: string, detail: string, departmentCodes: string[], at: Date): Promise<void> {
    const now = this.clock.now();
    const event = this.outbox.envelope(Events.caseStatusChanged, { caseNo, status: 'in_review', at: now.toISOString() });
    const [row] = (await tx.query(
      `WITH c AS (SELECT case_no, status, items FROM case_file WHERE case_no = $1 FOR UPDATE),
       u AS (
         UPDATE case_file SET status = 'in_review', updated_at = $2 FROM c
         WHERE case_file.case_no = c.case_no AND c.status = 'accepted' RETURNING case_file.case_no),
       o AS (INSERT INTO outbox (id, subject, envelope) SELECT $3, $4, $5 FROM u),
       t AS (
         INSERT INTO case_timeline (case_no, at, event, actor, detail)
         SELECT c.case_no, $6, 'dispatched', 'system', replace($7, '{departments}', coalesce((
           SELECT string_agg(coalesce((SELECT i->>'departmentName' FROM jsonb_array_elements(c.items) i WHERE i->>'departmentCode' = d.code LIMIT 1), d.code), '、' ORDER BY d.n)
           FROM unnest($8::text[]) WITH ORDINALITY AS d(code, n)), ''))
         FROM c)
       SELECT (SELECT count(*) FROM c)::int AS found, (SELECT count(*) FROM u)::int AS moved`,
      [caseNo, now, event.id, event.type, JSON.stringify(event), at, detail, departmentCodes],
    )) as { found: number; moved: number }[];
    if (!row || row.found === 0) throw new Error(`case ${caseNo} not found (yet)`);
    if (row.moved > 0) this.outbox.track(tx, event);
  }

  /** Lock a case for an event handler. */
  async lock(tx: EntityManager, caseNo: string): Promise<CaseFile> {
    const c = await tx.getRepository(CaseFile).findOne({ where: { caseNo }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw new Error(`case ${caseNo} not found (yet)`);
    return c;
  }

  async move(tx: EntityManager, c: CaseFile, to: CaseStatus): Promise<void> {
    if (c.status === to) return;
    assertCaseTransition(c.status, to, { hasCertificate: c.items.some((i) => i.outcome === 'approve') });
    c.status = to;
    const now = this.clock.now();
    await tx.update(CaseFile, { caseNo: c.caseNo }, { status: to, updatedAt: now });
    await this.outbox.add(tx, Events.caseStatusChanged, { caseNo: c.caseNo, status: to, at: now.toISOString() });
  }

  /**
   * 统一窗口出件 unless the applicant asks for an item early: the item's result is released as soon as it is
   * approved (at once if it already is); the others still leave together when the case is decided.
   */
  async earlyDelivery(caseNo: string, itemCode: string): Promise<CaseView> {
    const actor = requireActor('clerk');
    await this.ds.transaction(async (tx) => {
      const c = await tx.getRepository(CaseFile).findOne({ where: { caseNo }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw AppError.notFound('case');
      const item = c.items.find((i) => i.itemCode === itemCode);
      if (!item) throw new AppError('VALIDATION_FAILED', `item ${itemCode} is not part of case ${caseNo}`, [{ field: 'itemCode', problem: 'not an item of this case' }]);
      if (c.status !== 'accepted' && c.status !== 'in_review') throw new AppError('INVALID_STATE', `case ${caseNo} is ${c.status}: its results already leave together`);
      if (c.earlyItems.includes(itemCode)) return;
      c.earlyItems = [...c.earlyItems, itemCode];
      await tx.update(CaseFile, { caseNo }, { earlyItems: c.earlyItems, updatedAt: this.clock.now() });
      await this.note(tx, caseNo, 'early_delivery_requested', actor.username, `${CASE_EVENT_TEXT.early_delivery_requested}：${item.itemName}`);
      if (item.outcome === 'approve') await this.releaseItem(tx, c, itemCode);
    });
    return this.get(caseNo);
  }

  /** Release one approved item of a case for delivery now (an early item). */
  async releaseItem(tx: EntityManager, c: CaseFile, itemCode: string): Promise<void> {
    const i = c.items.find((x) => x.itemCode === itemCode);
    if (!i || i.outcome !== 'approve') return;
    await this.outbox.add(tx, Events.itemReleased, {
      caseNo: c.caseNo,
      decidedAt: i.decidedAt ?? this.clock.now().toISOString(),
      ...(await this.caseDates(tx, c)),
      applicant: c.applicant,
      project: c.project,
      delivery: await this.deliveryOf(tx, c.applicationId),
      results: [decidedResult(i)],
    });
    await this.note(tx, c.caseNo, 'item_released', 'system', `${i.itemName}：${CASE_EVENT_TEXT.item_released}`);
  }

  /** All items decided: the case is decided, and its results leave together (统一窗口出件). */
  async decide(tx: EntityManager, caseNo: string, at: Date): Promise<void> {
    const c = await this.lock(tx, caseNo);
    await this.move(tx, c, 'decided');
    await this.note(tx, caseNo, 'decided', 'system', CASE_EVENT_TEXT.decided, at);
    await this.outbox.add(tx, Events.caseDecided, {
      caseNo,
      decidedAt: at.toISOString(),
      ...(await this.caseDates(tx, c)),
      applicant: c.applicant,
      project: c.project,
      delivery: await this.deliveryOf(tx, c.applicationId),
      results: c.items.map(decidedResult),
    });
  }

  /** How the applicant chose to receive the results (on the application), for the certificate service. */
  private async deliveryOf(tx: EntityManager, applicationId: string): Promise<DeliveryChoice> {
    const [row] = (await tx.query(`SELECT delivery FROM application WHERE id = $1`, [applicationId])) as { delivery: DeliveryChoice | null }[];
    return row?.delivery ?? { method: 'pickup' };
  }

  /** The dates the decisions print: the day the materials arrived (the application's date) and the day of acceptance. */
  private async caseDates(tx: EntityManager, c: CaseFile): Promise<{ applicationDate?: string; acceptedDate: string }> {
    const [row] = (await tx.query(`SELECT received_date::text AS received FROM application WHERE id = $1`, [c.applicationId])) as { received: string }[];
    return { ...(row ? { applicationDate: row.received } : {}), acceptedDate: c.acceptedDate };
  }

  async note(tx: EntityManager, caseNo: string, event: CaseEvent, actor: string, detail: string | null, at: Date = this.clock.now()): Promise<void> {
    await tx.insert(CaseTimelineEntry, { caseNo, at, event, actor, detail });
  }
}

/** What the certificate service needs of a decided item to draw up its documents. */
function decidedResult(i: CaseItem): DecidedResult {
  return {
    itemCode: i.itemCode,
    itemName: i.itemName,
    departmentCode: i.departmentCode,
    departmentName: i.departmentName,
    outcome: i.outcome ?? 'deny',
    resultDocument: i.resultDocument,
    ...(i.legalBasis ? { legalBasis: i.legalBasis } : {}),
    ...(i.opinion ? { opinion: i.opinion } : {}),
    ...(i.decidedBy ? { decidedBy: i.decidedBy } : {}),
    ...(i.decidedAt ? { decidedAt: i.decidedAt } : {}),
  };
}

/** The opinion recorded for an item decided at the window. */
const ON_THE_SPOT_OPINION: Readonly<Record<Exclude<CaseItem['kind'], 'promised'>, string>> = {
  instant: '申请材料齐全、符合法定形式，当场作出准予许可决定。',
  notify_commit: '申请人已书面承诺符合许可条件，依照告知承诺制当场作出准予许可决定，并依法开展事后核查。',
};
