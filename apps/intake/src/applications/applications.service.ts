import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  CreateApplicationRequest,
  Events,
  type AddMaterialsRequest,
  type ApplicationCreatedReply,
  type ApplicationView,
  type CatalogItemView,
  type ErrorDetail,
  type PrecheckProblem,
  type OpenApplicationsReply,
  type PrecheckReply,
  type PrecheckRequest,
  type PrerequisiteProof,
  type ResolveItemsReply,
  type RejectRequest,
  type WindowReviewRequest,
} from '@yichuang/contracts';
import { CalendarClient, CatalogClient, Clock, Idempotency, Outbox, requestContext, requireActor, openPii, piiCipher, sealPii, validatePayload } from '@yichuang/platform';
import { chinaToday, NOTICE_WORKING_DAYS, VERDICT_TEXT } from '@yichuang/domain';
import type { OneTimeNoticeData, RejectionDecisionData } from '@yichuang/documents';
import { DocumentsService } from '../documents/documents.service.js';
import { QueueService } from '../queue/queue.service.js';
import { PaperService } from '../paper/paper.service.js';
import { RecentApplications, type RecentApplication } from './recent-applications.js';
import { Application, ApplicationMaterial, Precheck, type WindowReview } from './application.entities.js';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

/** An `application` row as PostgreSQL gives it (jsonb parsed, dates as Date, `date` columns as text). */
interface ApplicationRow {
  id: string;
  status: Application['status'];
  channel: Application['channel'];
  ticket_no: string | null;
  stage: Application['stage'];
  items: Application['items'];
  catalog_version: number;
  applicant: Application['applicant'];
  project: Application['project'];
  last_precheck: Application['lastPrecheck'];
  case_no: string | null;
  round: number;
  delivery: Application['delivery'];
  rejection: Application['rejection'];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  received_date: string;
  window_reviews: Application['windowReviews'];
  deemed_accepted_from: string | null;
  notice_due_date: string | null;
  prerequisite_proofs: PrerequisiteProof[];
}

/** 申报 and 初审: applications, their materials and pre-checks at the comprehensive window. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly catalogue: CatalogClient,
    private readonly idempotency: Idempotency,
    private readonly documents: DocumentsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly queue: QueueService,
    private readonly paper: PaperService,
    private readonly recent: RecentApplications,
    private readonly calendar: CalendarClient,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
  ) {}

  /**
   * Validates the form and the catalogue together, so that the clerk sees every problem of the
   * application in one answer: bad fields, check characters, unknown items, items of another stage,
   * materials that belong to no chosen item.
   */
  async create(raw: unknown): Promise<ApplicationCreatedReply> {
    return this.createAs(requireActor('clerk'), raw);
  }

  /**
   * The applicant's own online submission (网上申报), from the portal: channel `online`, recorded as made by
   * the applicant; it is pre-checked and accepted at the comprehensive window like any other.
   */
  async createOnline(raw: unknown): Promise<ApplicationCreatedReply> {
    const body = typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>), channel: 'online' } : raw;
    return this.createAs({ username: 'online-applicant', roles: [] }, body);
  }

  private async createAs(actor: Actor, raw: unknown): Promise<ApplicationCreatedReply> {
    const { value: req, problems } = await validatePayload(CreateApplicationRequest, raw);
    if (req.ticketNo && actor.username === 'online-applicant') problems.push({ field: 'ticketNo', problem: 'an online submission has no hall ticket' });
    const codes = Array.isArray(req.itemCodes) ? req.itemCodes.filter((c): c is string => typeof c === 'string').slice(0, 50) : [];
    const catalog = codes.length > 0 ? await this.catalogue.resolve(codes) : { catalogVersion: 0, items: [], unknown: [] };
    (Array.isArray(req.itemCodes) ? req.itemCodes : []).forEach((code, i) => {
      if (typeof code !== 'string') return;
      const item = catalog.items.find((x) => x.code === code);
      if (!item) problems.push({ field: `itemCodes[${i}]`, problem: `unknown approval item ${code}` });
      else if (typeof req.stage === 'number' && item.stage !== req.stage) {
        problems.push({ field: `itemCodes[${i}]`, problem: `item ${code} belongs to stage ${item.stage}, not stage ${req.stage}` });
      }
    });
    const materials = materialIndex(catalog.items);
    const seen = new Set<string>();
    (Array.isArray(req.materials) ? req.materials : []).forEach((m, i) => {
      if (typeof m?.code !== 'string') return;
      const def = materials.get(m.code);
      if (!def) problems.push({ field: `materials[${i}].code`, problem: `material ${m.code} does not belong to the chosen items` });
      else if ((m.form === 'paper' || m.form === 'electronic') && !def.forms.includes(m.form)) problems.push({ field: `materials[${i}].form`, problem: `material ${m.code} is not accepted in ${m.form} form` });
      if (seen.has(m.code)) problems.push({ field: `materials[${i}].code`, problem: `material ${m.code} listed twice` });
      seen.add(m.code);
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the application`, problems);

    const id = randomUUID();
    const reply = { id, status: 'submitted' as const };
    const write = (m: EntityManager) => this.insertApplication(m, id, req, catalog, actor.username);
    // One statement, atomic by itself: no transaction round trips, unless a hall ticket is to be linked (and must
    // exist) or an Idempotency-Key recorded
    if (!req.ticketNo && !requestContext.current()?.idempotencyKey) {
      this.recent.set(await write(this.ds.manager));
      return reply;
    }
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'intake.application.create', raw, async () => {
        await write(tx);
        if (req.ticketNo && !(await this.queue.linkApplication(tx, req.ticketNo, id))) {
          throw new AppError('VALIDATION_FAILED', 'unknown ticket', [{ field: 'ticketNo', problem: `no ticket ${req.ticketNo} was issued today` }]);
        }
        return reply;
      }),
    );
  }

  /**
   * The application, its materials and (for paper) their custody log — what `receive` and `PaperService.received`
   * write for a supplement — in ONE statement.
   */
  private async insertApplication(m: EntityManager, id: string, req: CreateApplicationRequest, catalog: ResolveItemsReply, by: string): Promise<RecentApplication> {
    const now = this.clock.now();
    const receivedDate = this.clock.today();
    const index = materialIndex(catalog.items);
    const materials = req.materials ?? [];
    const paper = materials.filter((x) => x.form === 'paper');
    const delivery: Application['delivery'] = req.delivery
      ? {
          method: req.delivery.method,
          ...(req.delivery.address ? { address: req.delivery.address } : {}),
          ...(req.delivery.recipient ? { recipient: req.delivery.recipient } : {}),
          ...(req.delivery.phone ? { phone: req.delivery.phone } : {}),
        }
      : { method: 'pickup' };
    const app = Object.assign(new Application(), {
      id,
      status: 'submitted',
      channel: req.channel,
      ticketNo: req.ticketNo ?? null,
      stage: req.stage,
      items: catalog.items,
      catalogVersion: catalog.catalogVersion,
      applicant: { ...req.applicant },
      project: { ...req.project },
      lastPrecheck: null,
      caseNo: null,
      round: 0,
      delivery,
      rejection: null,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
      receivedDate,
      noticeDueDate: await this.noticeDueDate(receivedDate),
      windowReviews: [],
      deemedAcceptedFrom: null,
      prerequisiteProofs: [],
    } satisfies Omit<Application, never>);
    await m.query(
      `WITH a AS (
         INSERT INTO application (id, status, channel, ticket_no, stage, items, catalog_version, applicant, applicant_id_hmac, project, round,
                                  delivery, created_by, created_at, updated_at, received_date, window_reviews, notice_due_date)
         VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, $20, $8, 0, $9, $10, $11, $11, $12, '[]', $19)
         RETURNING id),
       m AS (
         INSERT INTO application_material (application_id, code, name, form, received_at, received_by)
         SELECT a.id, x.code, x.name, x.form, $11, $10 FROM a, unnest($13::text[], $14::text[], $15::text[]) WITH ORDINALITY AS x(code, name, form, n)
         ORDER BY x.n),
       pf AS (
         INSERT INTO paper_file (application_id, material_code, name, location, holder, since)
         SELECT a.id, x.code, x.name, $16, NULL, $11 FROM a, unnest($17::text[], $18::text[]) AS x(code, name)),
       pm AS (
         INSERT INTO paper_movement (application_id, material_code, at, by, action, location)
         SELECT a.id, x.code, $11, $10, 'received', $16 FROM a, unnest($17::text[]) AS x(code))
       SELECT id FROM a`,
      [
        id,
        req.channel,
        req.ticketNo ?? null,
        req.stage,
        JSON.stringify(app.items),
        app.catalogVersion,
        JSON.stringify(sealPii(app.applicant)),
        JSON.stringify(app.project),
        JSON.stringify(app.delivery),
        by,
        now,
        app.receivedDate,
        materials.map((x) => x.code),
        materials.map((x) => index.get(x.code)?.name ?? x.code),
        materials.map((x) => x.form),
        this.paper.location(requestContext.actor()?.window),
        paper.map((x) => x.code),
        paper.map((x) => index.get(x.code)?.name ?? x.code),
        app.noticeDueDate,
        piiCipher().hmac(app.applicant.idNumber),
      ],
    );
    return { app, received: materials.map((x) => x.code) };
  }

  /**
   * Art. 32: five working days after the materials arrived, the window must have notified or decided. Null when the
   * calendar cannot be had right now (admin unreachable and nothing cached): the Art. 32 sweep computes it later.
   */
  private async noticeDueDate(receivedDate: string): Promise<string | null> {
    try {
      return (await this.calendar.calendar()).addWorkingDays(receivedDate, NOTICE_WORKING_DAYS);
    } catch {
      return null;
    }
  }

  async get(id: string): Promise<ApplicationView> {
    requireActor('clerk', 'supervisor');
    const app = await this.ds.getRepository(Application).findOneBy({ id });
    if (!app) throw AppError.notFound('application');
    return this.view(this.ds.manager, app);
  }

  async addMaterials(req: AddMaterialsRequest): Promise<ApplicationView> {
    const actor = requireActor('clerk');
    return this.ds.transaction(async (tx) => {
      const app = await this.lock(tx, req.id);
      if (app.status !== 'submitted' && app.status !== 'incomplete') {
        throw new AppError('INVALID_STATE', `application is ${app.status}; materials can no longer be added`);
      }
      const index = materialIndex(app.items);
      const problems: ErrorDetail[] = req.materials.flatMap((m, i) =>
        index.has(m.code) ? [] : [{ field: `materials[${i}].code`, problem: `material ${m.code} does not belong to the application's items` }],
      );
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s)`, problems);
      const now = this.clock.now();
      await this.receive(tx, app.id, app.items, req.materials, actor.username, now);
      // a supplement opens a new submission round: a new one-time notice becomes possible
      app.round += 1;
      await tx.update(Application, { id: app.id }, { round: app.round, updatedAt: now });
      return this.view(tx, app);
    });
  }

  /**
   * 初审: the result lists EVERY problem at once — each required material not submitted (whatever the
   * clerk marked), and each material the clerk marked missing or defective, with its reason.
   */
  async precheck(req: PrecheckRequest): Promise<PrecheckReply> {
    const actor = requireActor('clerk');
    const complete = await this.precheckComplete(req, actor.username);
    if (complete) return complete;
    return this.ds.transaction(async (tx) => {
      const app = await this.lock(tx, req.id);
      if (app.status !== 'submitted' && app.status !== 'incomplete') {
        throw new AppError('INVALID_STATE', `application is ${app.status}; it cannot be pre-checked`);
      }
      const index = materialIndex(app.items);
      const unknown: ErrorDetail[] = req.results.flatMap((r, i) => {
        if (!index.has(r.materialCode)) return [{ field: `results[${i}].materialCode`, problem: `material ${r.materialCode} does not belong to the application's items` }];
        if (r.externalResultNo && !index.get(r.materialCode)?.resultOfItem) return [{ field: `results[${i}].externalResultNo`, problem: `material ${r.materialCode} is not the result of another item` }];
        return [];
      });
      if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `${unknown.length} problem(s)`, unknown);

      const received = new Set((await tx.find(ApplicationMaterial, { where: { applicationId: app.id } })).map((m) => m.code));
      const now = this.clock.now();
      const proofs = this.newProofs(index, req, actor.username, now);
      const problems = await this.withPrerequisites(tx, app, index, received, precheckProblems(index, received, req.results), [...app.prerequisiteProofs, ...proofs]);
      const status = problems.length === 0 ? 'complete' : 'incomplete';
      let notice: { documentNo: string } | undefined;
      if (status === 'incomplete') {
        // 一次性告知: one notice per submission; a second list would add what the first missed
        const issued = await this.documents.noticeOfRound(tx, app.id, app.round);
        if (issued) {
          throw new AppError(
            'NOTICE_ALREADY_ISSUED',
            `one-time notice ${issued.documentNo} was already issued for this submission; a new notice needs a supplement from the applicant first`,
            [{ problem: 'notice already issued', documentNo: issued.documentNo }],
          );
        }
        notice = await this.issueNotice(tx, app, problems, index, actor.username, now);
      }
      await tx.insert(Precheck, { applicationId: app.id, status, results: req.results, problems, checkedBy: actor.username, checkedAt: now });
      await tx.update(
        Application,
        { id: app.id },
        {
          status: status === 'complete' ? 'submitted' : 'incomplete',
          lastPrecheck: { status, problems, at: now.toISOString(), by: actor.username },
          updatedAt: now,
          ...(proofs.length > 0 ? { prerequisiteProofs: [...app.prerequisiteProofs.filter((p) => !proofs.some((x) => x.materialCode === p.materialCode)), ...proofs] } : {}),
        },
      );
      return { status, problems, ...(notice ? { notice } : {}) };
    });
  }

  /**
   * The common pre-check — nothing missing, nothing marked — without a transaction: from this instance's copy of
   * the application (one statement) or the row read with the codes received (two), recorded only if the row is
   * still as seen; otherwise, and whenever there is any problem to list (a notice to issue), undefined: the
   * transactional path decides under a lock.
   */
  private async precheckComplete(req: PrecheckRequest, by: string): Promise<PrecheckReply | undefined> {
    const complete: PrecheckReply = { status: 'complete', problems: [] };
    const copy = this.recent.get(req.id);
    this.recent.forget(req.id);
    if (copy) {
      const done = await this.recordCompletePrecheck({ ...copy.app, received: copy.received }, req, by);
      if (done) {
        this.recent.set({ app: Object.assign(new Application(), { ...copy.app, status: 'submitted', ...done }), received: copy.received });
        return complete;
      }
    }
    const [row] = (await this.ds.query(
      `SELECT id, status, items, round, updated_at, array(SELECT code FROM application_material WHERE application_id = a.id) AS received
       FROM application a WHERE id = $1`,
      [req.id],
    )) as (Pick<ApplicationRow, 'id' | 'status' | 'items' | 'round' | 'updated_at'> & { received: string[] })[];
    if (!row) return undefined;
    const seen = { id: row.id, status: row.status, items: row.items, round: row.round, updatedAt: row.updated_at, received: row.received };
    return (await this.recordCompletePrecheck(seen, req, by)) ? complete : undefined;
  }

  /**
   * Records a complete pre-check in one statement if the application as `seen` (this instance's copy, or the row
   * just read) has no problem to list, and only if the row is still as seen (`updated_at`, round, open status).
   */
  private async recordCompletePrecheck(
    seen: Pick<Application, 'id' | 'status' | 'items' | 'round' | 'updatedAt'> & { received: string[] },
    req: PrecheckRequest,
    by: string,
  ): Promise<{ lastPrecheck: NonNullable<Application['lastPrecheck']>; updatedAt: Date } | undefined> {
    if (seen.status !== 'submitted' && seen.status !== 'incomplete') return undefined;
    const index = materialIndex(seen.items);
    if (req.results.some((r) => !index.has(r.materialCode))) return undefined;
    // 前置事项 are looked up (and external result numbers recorded) on the transactional path
    if ([...index.values()].some((m) => m.resultOfItem)) return undefined;
    if (precheckProblems(index, new Set(seen.received), req.results).length > 0) return undefined;
    const now = this.clock.now();
    const lastPrecheck = { status: 'complete' as const, problems: [], at: now.toISOString(), by };
    const recorded = (await this.ds.query(
      `WITH u AS (
         UPDATE application SET status = 'submitted', last_precheck = $3, updated_at = $4
         WHERE id = $1 AND round = $2 AND status IN ('submitted', 'incomplete') AND updated_at = $7 RETURNING id)
       INSERT INTO precheck (application_id, status, results, problems, checked_by, checked_at)
       SELECT id, 'complete', $5, '[]', $6, $4 FROM u RETURNING seq`,
      [seen.id, seen.round, JSON.stringify(lastPrecheck), now, JSON.stringify(req.results), by, seen.updatedAt],
    )) as unknown[];
    return recorded.length > 0 ? { lastPrecheck, updatedAt: now } : undefined;
  }

  /** 不予受理, with a numbered written decision giving the reason and, where relevant, the right agency. */
  async reject(req: RejectRequest): Promise<{ id: string; status: 'rejected'; documentNo: string }> {
    const actor = requireActor('clerk');
    return this.ds.transaction(async (tx) => {
      const app = await this.lock(tx, req.id);
      if (app.status === 'rejected') {
        const [doc] = await this.documents.list(tx, app.id, 'rejection_decision');
        // the same decision again (a retried request) is answered as before; another reason would silently keep the old one
        if (app.rejection && (app.rejection.reason !== req.reason || (app.rejection.referTo ?? null) !== (req.referTo ?? null))) {
          throw new AppError('ALREADY_REJECTED', `application was already rejected (${doc?.documentNo ?? 'decision'}) for another reason`, [
            { field: 'reason', problem: `the decision ${doc?.documentNo ?? ''} gives: ${app.rejection.reason}` },
          ]);
        }
        return { id: app.id, status: 'rejected' as const, documentNo: doc?.documentNo ?? '' };
      }
      if (app.status === 'accepted') throw new AppError('INVALID_STATE', `application was accepted as case ${app.caseNo}`);
      const now = this.clock.now();
      const today = this.clock.today();
      const rejection = { reason: req.reason, ...(req.referTo ? { referTo: req.referTo } : {}), at: now.toISOString(), by: actor.username };
      await tx.update(Application, { id: app.id }, { status: 'rejected', rejection, updatedAt: now });
      const documentNo = await this.documents.nextNumber(tx, 'rejection_decision', Number(today.slice(0, 4)));
      const data: RejectionDecisionData = {
        hall: this.documents.hall(),
        documentNo,
        applicant: { name: app.applicant.name, idNumber: app.applicant.idNumber, phone: app.applicant.phone, ...(app.applicant.agentName ? { agentName: app.applicant.agentName } : {}) },
        projectName: app.project.name,
        items: app.items.map((i) => i.name),
        applicationDate: chinaToday(app.createdAt),
        decidedDate: today,
        reason: req.reason,
        ...(req.referTo ? { referTo: req.referTo } : {}),
        officer: actor.username,
      };
      await this.documents.record(tx, { kind: 'rejection_decision', applicationId: app.id, round: app.round, documentNo, data, by: actor.username, at: now });
      return { id: app.id, status: 'rejected' as const, documentNo };
    });
  }

  private async issueNotice(
    tx: EntityManager,
    app: Application,
    problems: PrecheckProblem[],
    index: ReturnType<typeof materialIndex>,
    by: string,
    now: Date,
  ): Promise<{ documentNo: string }> {
    const today = this.clock.today();
    const documentNo = await this.documents.nextNumber(tx, 'one_time_notice', Number(today.slice(0, 4)));
    const data: OneTimeNoticeData = {
      hall: this.documents.hall(),
      documentNo,
      applicant: { name: app.applicant.name, idNumber: app.applicant.idNumber, phone: app.applicant.phone },
      projectName: app.project.name,
      items: app.items.map((i) => i.name),
      receivedDate: chinaToday(app.createdAt),
      issuedDate: today,
      officer: by,
      problems: problems.map((p) => {
        const def = index.get(p.materialCode);
        return { name: p.name, verdict: p.verdict, ...(p.note ? { note: p.note } : {}), ...(def ? { original: def.original, forms: def.forms } : {}) };
      }),
    };
    await this.documents.record(tx, { kind: 'one_time_notice', applicationId: app.id, round: app.round, documentNo, data, by, at: now });
    await this.outbox.add(tx, Events.noticeIssued, {
      applicationId: app.id,
      documentNo,
      applicant: { name: app.applicant.name, phone: app.applicant.phone },
      problems: problems.map((p) => p.name),
      issuedAt: now.toISOString(),
    });
    return { documentNo };
  }

  async lock(tx: EntityManager, id: string): Promise<Application> {
    // whoever locks the application changes it (or finds it changed): this instance's copy is no longer current
    this.recent.forget(id);
    const app = await this.read(tx, id, true);
    if (!app) throw AppError.notFound('application');
    return app;
  }

  /**
   * One application by id (locked FOR UPDATE in `m`'s transaction if asked). Raw SQL and a plain mapping rather
   * than the repository: this read is on every step of the window's busiest path, and TypeORM's query building
   * and hydration cost about 0.5 ms of CPU per call there.
   */
  async read(m: EntityManager, id: string, forUpdate = false): Promise<Application | undefined> {
    const [r] = (await m.query(
      `SELECT id, status, channel, ticket_no, stage, items, catalog_version, applicant, project, last_precheck, case_no, round,
              delivery, rejection, created_by, created_at, updated_at, received_date, window_reviews, deemed_accepted_from, notice_due_date::text,
              prerequisite_proofs
       FROM application WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    )) as ApplicationRow[];
    if (!r) return undefined;
    return Object.assign(new Application(), {
      id: r.id,
      status: r.status,
      channel: r.channel,
      ticketNo: r.ticket_no,
      stage: r.stage,
      items: r.items,
      catalogVersion: r.catalog_version,
      applicant: openPii(r.applicant),
      project: r.project,
      lastPrecheck: r.last_precheck,
      caseNo: r.case_no,
      round: r.round,
      delivery: r.delivery,
      rejection: r.rejection,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      receivedDate: r.received_date,
      noticeDueDate: r.notice_due_date,
      windowReviews: r.window_reviews,
      deemedAcceptedFrom: r.deemed_accepted_from,
      prerequisiteProofs: r.prerequisite_proofs ?? [],
    } satisfies Omit<Application, never>);
  }

  async view(m: EntityManager, app: Application): Promise<ApplicationView> {
    const materials = await m.find(ApplicationMaterial, { where: { applicationId: app.id }, order: { seq: 'ASC' } });
    return {
      id: app.id,
      status: app.status,
      channel: app.channel,
      ...(app.ticketNo ? { ticketNo: app.ticketNo } : {}),
      stage: app.stage,
      items: app.items.map((i) => ({ code: i.code, name: i.name, department: i.department, kind: i.kind })),
      applicant: app.applicant,
      project: app.project,
      materials: materials.map((x) => ({ code: x.code, name: x.name, form: x.form, receivedAt: x.receivedAt.toISOString() })),
      requiredMaterials: [...materialIndex(app.items).entries()].map(([code, d]) => ({ code, name: d.name, required: d.required })),
      ...(app.lastPrecheck ? { lastPrecheck: app.lastPrecheck } : {}),
      windowReviews: app.windowReviews,
      windowReviewRequired: this.windowReviewRequired(app.items),
      ...(app.prerequisiteProofs.length > 0 ? { prerequisiteProofs: app.prerequisiteProofs } : {}),
      notices: (await this.documents.list(m, app.id, 'one_time_notice')).map((d) => ({ documentNo: d.documentNo, issuedAt: d.createdAt.toISOString(), round: d.round })),
      round: app.round,
      delivery: app.delivery,
      ...(app.caseNo ? { caseNo: app.caseNo } : {}),
      ...(await this.noticeDeadline(app)),
      createdAt: app.createdAt.toISOString(),
      createdBy: app.createdBy,
    };
  }

  /** The Art. 32 window while it runs (no notice yet, not decided, not deemed accepted), and whether it is provisional. */
  private async noticeDeadline(app: Application): Promise<Pick<ApplicationView, 'noticeDeadline' | 'noticeDeadlineProvisional'>> {
    if (!app.noticeDueDate || app.deemedAcceptedFrom || (app.status !== 'submitted' && app.status !== 'incomplete')) return {};
    if ((await this.documents.list(this.ds.manager, app.id, 'one_time_notice')).length > 0) return {};
    let provisional = false;
    try {
      provisional = (await this.calendar.calendar()).countsProvisionalDays(app.receivedDate, app.noticeDueDate);
    } catch {
      provisional = true; // a date the calendar cannot vouch for is never shown as final
    }
    return { noticeDeadline: app.noticeDueDate, noticeDeadlineProvisional: provisional };
  }

  /**
   * 补正材料 for an accepted case: records the supplement on the case's application (paper into the window's
   * custody), in the caller's transaction. Every code must be a material of one of `itemCodes` (the case's
   * items); otherwise VALIDATION_FAILED lists each stray one. Returns what was received, with names.
   */
  async receiveSupplement(
    tx: EntityManager,
    applicationId: string,
    itemCodes: string[],
    materials: { code: string; form: 'paper' | 'electronic' }[],
    by: string,
    at: Date,
  ): Promise<{ code: string; name: string }[]> {
    const app = await this.lock(tx, applicationId);
    const items = app.items.filter((i) => itemCodes.includes(i.code));
    const index = materialIndex(items);
    const problems: ErrorDetail[] = materials.flatMap((m, i) =>
      index.has(m.code) ? [] : [{ field: `materials[${i}].code`, problem: `material ${m.code} does not belong to the case's items` }],
    );
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s)`, problems);
    await this.receive(tx, app.id, items, materials, by, at);
    await tx.update(Application, { id: app.id }, { updatedAt: at });
    return [...new Map(materials.map((m) => [m.code, { code: m.code, name: index.get(m.code)?.name ?? m.code }])).values()];
  }

  private async receive(
    tx: EntityManager,
    applicationId: string,
    items: CatalogItemView[],
    materials: { code: string; form: 'paper' | 'electronic' }[],
    by: string,
    at: Date,
  ): Promise<void> {
    const index = materialIndex(items);
    if (materials.length > 0) {
      // set-based: a supplement replaces an earlier copy of the same material
      const codes = materials.map((m) => m.code);
      await tx.query(`DELETE FROM application_material WHERE application_id = $1 AND code = ANY($2::text[])`, [applicationId, codes]);
      await tx.query(
        `INSERT INTO application_material (application_id, code, name, form, received_at, received_by)
         SELECT $1, code, name, form, $5, $6 FROM unnest($2::text[], $3::text[], $4::text[]) AS m(code, name, form)`,
        [applicationId, codes, materials.map((m) => index.get(m.code)?.name ?? m.code), materials.map((m) => m.form), at, by],
      );
    }
    // paper stays in the hall: log where each paper file is from the moment it arrives
    const paper = materials.filter((m) => m.form === 'paper').map((m) => ({ code: m.code, name: index.get(m.code)?.name ?? m.code }));
    if (paper.length > 0) await this.paper.received(tx, applicationId, paper, by, requestContext.actor()?.window);
  }

  /**
   * 加大窗口工作授权: the departments whose colleague at the business window must confirm the materials (审查) before
   * acceptance — those of the items whose setting is `required`. An item from a catalogue before the setting was
   * kept follows REQUIRE_WINDOW_REVIEW (default false: delegated).
   */
  windowReviewRequired(items: CatalogItemView[]): string[] {
    const fallback = this.env.REQUIRE_WINDOW_REVIEW === 'true' ? 'required' : 'delegated';
    return [...new Set(items.filter((i) => (i.windowReview ?? fallback) === 'required').map((i) => i.department.code))];
  }

  /** The external result numbers of 前置事项 the clerk typed at this pre-check. */
  private newProofs(index: ReturnType<typeof materialIndex>, req: PrecheckRequest, by: string, now: Date): PrerequisiteProof[] {
    return req.results.flatMap((r) => {
      const prerequisite = index.get(r.materialCode)?.resultOfItem;
      return r.externalResultNo && prerequisite ? [{ materialCode: r.materialCode, itemCode: prerequisite, documentNo: r.externalResultNo, by, at: now.toISOString() }] : [];
    });
  }

  /**
   * 前置事项: a material that is another item's result, said to be provided, counts only when the project has a result
   * of that item known to the system (issued by certificate: `project_result`) or the clerk recorded the number of one
   * issued before the system; otherwise pre-check lists the prerequisite instead of letting the clerk tick it. A
   * required one not provided names its prerequisite too.
   */
  private async withPrerequisites(
    m: EntityManager,
    app: Application,
    index: ReturnType<typeof materialIndex>,
    received: Set<string>,
    problems: PrecheckProblem[],
    proofs: PrerequisiteProof[],
  ): Promise<PrecheckProblem[]> {
    const dependent = [...index.entries()].filter(([, def]) => def.resultOfItem);
    if (dependent.length === 0) return problems;
    const wanted = [...new Set(dependent.map(([, def]) => def.resultOfItem as string))];
    const had = new Set(
      ((await m.query(`SELECT DISTINCT item_code FROM project_result WHERE project_code = $1 AND item_code = ANY($2::text[])`, [app.project.code, wanted])) as { item_code: string }[]).map(
        (r) => r.item_code,
      ),
    );
    const names = new Map((await this.catalogue.resolve(wanted).catch(() => ({ items: [] as CatalogItemView[] }))).items.map((i) => [i.code, i.name]));
    const out = [...problems];
    for (const [code, def] of dependent) {
      const prerequisite = def.resultOfItem as string;
      if (had.has(prerequisite) || proofs.some((p) => p.materialCode === code)) continue;
      const item = { code: prerequisite, name: names.get(prerequisite) ?? prerequisite };
      const note = `须先办结前置事项“${item.name}”（${item.code}）：本项目（${app.project.code}）在系统中尚无该事项的办理结果；系统上线前已取得的，请录入其文号`;
      const listed = out.findIndex((p) => p.materialCode === code);
      if (listed >= 0) {
        const p = out[listed] as PrecheckProblem;
        out[listed] = { ...p, prerequisiteItem: item, ...(p.verdict === 'missing' && (!p.note || p.note === VERDICT_TEXT.missing) ? { note } : {}) };
      } else if (received.has(code)) {
        out.push({ materialCode: code, name: def.name, verdict: 'missing', note, prerequisiteItem: item });
      }
    }
    return out;
  }

  /** Whether applications of an item are open (received, not yet accepted or refused): admin asks before changing it. */
  async openApplications(itemCode: string): Promise<OpenApplicationsReply> {
    const rows = (await this.ds.query(
      `SELECT id FROM application WHERE status IN ('submitted', 'incomplete') AND items @> $1::jsonb ORDER BY created_at`,
      [JSON.stringify([{ code: itemCode }])],
    )) as { id: string }[];
    return { itemCode, open: rows.length, applicationIds: rows.slice(0, 20).map((r) => r.id) };
  }

  /** 审查: the department colleague at the window confirms (or not) the materials of its department's items. */
  async windowReview(req: WindowReviewRequest): Promise<ApplicationView> {
    const actor = requireActor('reviewer');
    return this.ds.transaction(async (tx) => {
      const app = await this.lock(tx, req.id);
      if (!actor.department || !app.items.some((i) => i.department.code === actor.department)) throw AppError.notFound('application');
      if (app.status !== 'submitted' && app.status !== 'incomplete') throw new AppError('INVALID_STATE', `application is ${app.status}`);
      const review: WindowReview = { department: actor.department, by: actor.username, at: this.clock.now().toISOString(), confirmed: req.confirmed, ...(req.note ? { note: req.note } : {}) };
      app.windowReviews = [...app.windowReviews.filter((r) => r.department !== actor.department), review];
      await tx.update(Application, { id: app.id }, { windowReviews: app.windowReviews, updatedAt: this.clock.now() });
      return this.view(tx, app);
    });
  }
}

/**
 * 初审's list: each required material not received (whatever the clerk marked), and each material the clerk
 * marked missing or defective, with its reason.
 */
export function precheckProblems(index: ReturnType<typeof materialIndex>, received: Set<string>, results: PrecheckRequest['results']): PrecheckProblem[] {
  const marked = new Map(results.map((r) => [r.materialCode, r]));
  const problems: PrecheckProblem[] = [];
  for (const [code, def] of index) {
    const mark = marked.get(code);
    if (def.required && !received.has(code)) {
      problems.push({ materialCode: code, name: def.name, verdict: 'missing', note: mark?.note ?? VERDICT_TEXT.missing });
    } else if (mark && mark.verdict !== 'ok') {
      problems.push({ materialCode: code, name: def.name, verdict: mark.verdict, ...(mark.note ? { note: mark.note } : {}) });
    }
  }
  return problems;
}

/** Every material of the chosen items, by catalogue-wide code. */
export function materialIndex(items: CatalogItemView[]): Map<string, CatalogItemView['materials'][number]> {
  return new Map(items.flatMap((i) => i.materials.map((m) => [m.code, m] as const)));
}
