import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  Rpc,
  type CatalogItemView,
  type CatalogSnapshot,
  type CatalogVersionView,
  type CreateItemRequest,
  type ErrorDetail,
  type ResolveItemsReply,
  type RetireItemRequest,
  type ScheduledCatalogChangeView,
  type Stage,
  type UpdateItemRequest,
} from '@yichuang/contracts';
import { Clock, Outbox, PeriodicJob, RpcClient, requireActor } from '@yichuang/platform';
import { ApprovalItem, CatalogChange, CatalogVersion, Department } from './catalog.entities.js';
import { catalogProblems, materialsRemoved, type ItemState } from './catalog-rules.js';

/** How often each instance looks for changes whose day has come (reads look too, so this is only the fallback). */
const DUE_SWEEP_MS = 30_000;

type Change = { kind: 'create'; patch: CreateItemRequest } | { kind: 'update'; patch: UpdateItemRequest } | { kind: 'retire'; patch: RetireItemRequest };

@Injectable()
export class CatalogService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Catalog');
  private readonly job = new PeriodicJob('CatalogDueChanges', DUE_SWEEP_MS, () => this.applyDue());

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly rpc: RpcClient,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async list(stage?: Stage): Promise<CatalogItemView[]> {
    await this.applyDue();
    const items = await this.ds.getRepository(ApprovalItem).find({
      where: { active: true, ...(stage ? { stage } : {}) },
      order: { stage: 'ASC', code: 'ASC' },
    });
    return this.views(items);
  }

  async resolve(codes: string[]): Promise<ResolveItemsReply> {
    await this.applyDue();
    const items = await this.ds.getRepository(ApprovalItem).find({ where: { code: In(codes), active: true } });
    const found = new Set(items.map((i) => i.code));
    const version = await this.ds.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 1 });
    return {
      catalogVersion: version[0]?.version ?? 0,
      // in the order asked
      items: await this.views(codes.flatMap((c) => items.filter((i) => i.code === c))),
      unknown: codes.filter((c) => !found.has(c)),
    };
  }

  /** The whole active catalogue and its version, read in one snapshot (intake caches it). */
  async snapshot(): Promise<CatalogSnapshot> {
    await this.applyDue();
    return this.ds.transaction('REPEATABLE READ', async (tx) => {
      const [version] = await tx.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 1 });
      const items = await tx.getRepository(ApprovalItem).find({ where: { active: true }, order: { stage: 'ASC', code: 'ASC' } });
      return { catalogVersion: version?.version ?? 0, items: await this.views(items, tx) };
    });
  }

  /** One active item (the guide's source). */
  async item(code: string): Promise<CatalogItemView> {
    const [view] = (await this.resolve([code])).items;
    if (!view) throw AppError.notFound('approval item');
    return view;
  }

  /** A new item: a new catalogue version on `effectiveFrom` (default today). */
  async create(req: CreateItemRequest): Promise<CatalogItemView> {
    requireActor('admin');
    await this.applyDue();
    return this.change({ kind: 'create', patch: req });
  }

  /**
   * An administrator's change of an item: the catalogue gets a new version, the item's new state is kept
   * under it; applications already made keep the definitions they were made under (intake's snapshot). Removing a
   * material, or retiring the item (`active: false`), is refused while applications of the item are open.
   */
  async update(req: UpdateItemRequest): Promise<CatalogItemView> {
    requireActor('admin');
    await this.applyDue();
    return this.change({ kind: 'update', patch: req });
  }

  /** 事项停用: refused while applications of the item are open; running cases keep their version. */
  async retire(req: RetireItemRequest): Promise<CatalogItemView> {
    requireActor('admin');
    await this.applyDue();
    return this.change({ kind: 'retire', patch: req });
  }

  async scheduled(): Promise<ScheduledCatalogChangeView[]> {
    const rows = await this.ds.getRepository(CatalogChange).find({ where: { status: 'scheduled' }, order: { effectiveFrom: 'ASC', createdAt: 'ASC' } });
    return rows.map((r) => ({ id: r.id, itemCode: r.itemCode, kind: r.kind, effectiveFrom: r.effectiveFrom, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() }));
  }

  private async change(c: Change): Promise<CatalogItemView> {
    const actor = requireActor('admin');
    const today = this.clock.today();
    const effectiveFrom = c.patch.effectiveFrom ?? today;
    // checked first: what the change would make of the item, against the catalogue as it is and as scheduled
    const { before, after } = await this.plan(this.ds.manager, c, true);
    const problems = await this.problems(this.ds.manager, c, after);
    if (effectiveFrom < today) problems.push({ field: 'effectiveFrom', problem: `must not be before today (${today})` });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the catalogue change`, problems);
    if (before) await this.refuseBreakingRunning(before, after, c.kind);
    if (effectiveFrom > today) {
      const now = this.clock.now();
      await this.ds.getRepository(CatalogChange).insert({
        id: randomUUID(),
        itemCode: c.patch.code,
        kind: c.kind,
        patch: { ...c.patch },
        effectiveFrom,
        status: 'scheduled',
        version: null,
        note: c.patch.note,
        createdBy: actor.username,
        createdAt: now,
        appliedAt: null,
        failure: null,
      });
      return { ...(await this.viewOf(after)), effectiveFrom, scheduled: true };
    }
    return this.ds.transaction(async (tx) => {
      // under the item's lock: the state may have moved since it was checked (another administrator)
      const locked = await this.plan(tx, c, true);
      const again = await this.problems(tx, c, locked.after);
      if (again.length > 0) throw new AppError('VALIDATION_FAILED', `${again.length} problem(s) in the catalogue change`, again);
      return this.apply(tx, locked.after, c.kind, c.patch.note, actor.username, today);
    });
  }

  /** The item as it is (null for a new one) and as the change would make it; 404 / 409 when the change cannot apply. */
  private async plan(m: EntityManager, c: Change, lock: boolean): Promise<{ before: ApprovalItem | null; after: ApprovalItem }> {
    const repo = m.getRepository(ApprovalItem);
    const current = await repo.findOne({ where: { code: c.patch.code }, ...(lock && m.queryRunner?.isTransactionActive ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (c.kind === 'create') {
      const scheduled = await m.getRepository(CatalogChange).findOne({ where: { itemCode: c.patch.code, kind: 'create', status: 'scheduled' } });
      if (current || scheduled) {
        throw new AppError('CONFLICT', `approval item ${c.patch.code} already exists`, [
          { field: 'code', problem: 'already taken', problemZh: `事项编码${c.patch.code}已被使用（${current?.name ?? '已排定新增'}），请换一个编码` },
        ]);
      }
      const r = c.patch;
      const item = Object.assign(new ApprovalItem(), {
        code: r.code,
        name: r.name,
        stage: r.stage,
        departmentCode: r.departmentCode,
        kind: r.kind,
        legalDays: r.legalDays,
        promisedDays: r.promisedDays,
        resultDocument: { type: r.resultDocument.type, name: r.resultDocument.name },
        legalBasis: r.legalBasis,
        materials: r.materials.map((x) => ({ ...x, code: `${r.code}-${x.code}` })),
        active: true,
        fees: r.fees ?? { free: true },
        windowReview: r.windowReview ?? 'required',
        effectiveFrom: null,
        retiredAt: null,
        updatedAt: this.clock.now(),
      } satisfies Omit<ApprovalItem, never>);
      return { before: null, after: item };
    }
    if (!current) throw AppError.notFound('approval item');
    const next = Object.assign(new ApprovalItem(), structuredClone(current));
    if (c.kind === 'retire') {
      if (!current.active) throw new AppError('INVALID_STATE', `approval item ${current.code} is retired already`, [{ problem: 'retired', problemZh: `事项“${current.name}”已停用` }]);
      next.active = false;
      return { before: current, after: next };
    }
    const r = c.patch;
    if (r.name !== undefined) next.name = r.name;
    if (r.kind !== undefined) next.kind = r.kind;
    if (r.legalDays !== undefined) next.legalDays = r.legalDays;
    if (r.promisedDays !== undefined) next.promisedDays = r.promisedDays;
    if (r.active !== undefined) next.active = r.active;
    if (r.materials) next.materials = r.materials.map((x) => ({ ...x, code: `${current.code}-${x.code}` }));
    if (r.resultDocument) next.resultDocument = { type: r.resultDocument.type, name: r.resultDocument.name };
    if (r.legalBasis !== undefined) next.legalBasis = r.legalBasis;
    if (r.fees) next.fees = r.fees;
    if (r.windowReview) next.windowReview = r.windowReview;
    return { before: current, after: next };
  }

  /** Every problem of the item as the change would leave it, against the rest of the catalogue (its prerequisites). */
  private async problems(m: EntityManager, c: Change, after: ApprovalItem): Promise<ErrorDetail[]> {
    if (c.kind === 'retire') return [];
    const others = (await m.getRepository(ApprovalItem).find({ where: { active: true } })).filter((i) => i.code !== after.code);
    const scheduledCreates = (await m.getRepository(CatalogChange).find({ where: { kind: 'create', status: 'scheduled' } })).map((x) => x.itemCode);
    const departments = new Set((await m.getRepository(Department).find()).map((d) => d.code));
    return catalogProblems(toState(after), { others: others.map(toState), scheduledCodes: scheduledCreates, departments });
  }

  /**
   * A change that would break running applications is refused (a material removed, the item retired while
   * applications of it are open): intake, which holds them, is asked.
   */
  private async refuseBreakingRunning(before: ApprovalItem, after: ApprovalItem, kind: Change['kind']): Promise<void> {
    const removed = materialsRemoved(toState(before), toState(after));
    const retiring = kind === 'retire' || (before.active && !after.active);
    if (removed.length === 0 && !retiring) return;
    const open = await this.rpc.request(Rpc.intake.openApplications, { itemCode: before.code });
    if (open.open === 0) return;
    const details: ErrorDetail[] = [];
    if (retiring) {
      details.push({
        problem: 'the item has open applications',
        itemCode: before.code,
        openApplications: open.open,
        applicationIds: open.applicationIds,
        problemZh: `事项“${before.name}”尚有${open.open}件申请在办（已收件、未受理），不能停用；请待这些申请受理或不予受理后再停用`,
      });
    }
    for (const mat of removed) {
      details.push({
        field: 'materials',
        problem: 'a material of an item with open applications cannot be removed',
        materialCode: mat.code,
        openApplications: open.open,
        applicationIds: open.applicationIds,
        problemZh: `事项“${before.name}”尚有${open.open}件申请在办（已收件、未受理），不能删除申请材料“${mat.name}”；请待这些申请受理或不予受理后再删除，或将该材料改为非必需`,
      });
    }
    throw new AppError('CONFLICT', `the change would break ${open.open} open application(s) of ${before.code}`, details);
  }

  /** Writes the item's new state as a new catalogue version (current from `effectiveFrom`) and announces it. */
  private async apply(tx: EntityManager, item: ApprovalItem, kind: Change['kind'], note: string, by: string, effectiveFrom: string): Promise<CatalogItemView> {
    const [{ v }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM catalog_version`)) as [{ v: number }];
    item.updatedAt = this.clock.now();
    item.effectiveFrom = effectiveFrom;
    if (kind === 'retire' || !item.active) {
      item.active = false;
      item.retiredAt ??= item.updatedAt;
    } else {
      item.retiredAt = null;
    }
    await tx.save(item);
    await tx.insert(CatalogVersion, { version: v, note, createdBy: by, itemCode: item.code, createdAt: item.updatedAt, effectiveFrom });
    const view = await this.viewOf(item, tx);
    await tx.query(`INSERT INTO approval_item_version (code, version, data) VALUES ($1, $2, $3)`, [item.code, v, JSON.stringify({ ...view, active: item.active })]);
    await this.outbox.add(tx, Events.catalogChanged, { version: v, itemCode: item.code, changedAt: item.updatedAt.toISOString() });
    return view;
  }

  /**
   * Applies the scheduled changes whose day has come by the Clock, oldest day first, each as its own version.
   * Cheap when none is due (one indexed query); every read of the catalogue calls it, and a periodic job too.
   * A change that can no longer apply (its item gone, or now invalid) is kept as `failed` with the reason.
   */
  async applyDue(): Promise<number> {
    const today = this.clock.today();
    const [due] = (await this.ds.query(`SELECT 1 FROM catalog_change WHERE status = 'scheduled' AND effective_from <= $1 LIMIT 1`, [today])) as unknown[];
    if (!due) return 0;
    return this.ds.transaction(async (tx) => {
      const rows = (await tx.query(
        `SELECT id FROM catalog_change WHERE status = 'scheduled' AND effective_from <= $1 ORDER BY effective_from, created_at FOR UPDATE SKIP LOCKED`,
        [today],
      )) as { id: string }[];
      let applied = 0;
      for (const { id } of rows) {
        const row = await tx.getRepository(CatalogChange).findOneByOrFail({ id });
        const c = { kind: row.kind, patch: row.patch } as unknown as Change;
        await tx.query('SAVEPOINT catalog_change');
        try {
          const { after } = await this.plan(tx, c, true);
          const problems = await this.problems(tx, c, after);
          if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field ?? ''} ${p.problem}`).join('; '));
          const view = await this.apply(tx, after, row.kind, row.note, row.createdBy, row.effectiveFrom);
          const [version] = await tx.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 1 });
          await tx.update(CatalogChange, { id }, { status: 'applied', version: version?.version ?? null, appliedAt: this.clock.now() });
          this.logger.log(`scheduled ${row.kind} of ${view.code} applied (effective ${row.effectiveFrom})`);
          applied += 1;
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT catalog_change');
          const reason = err instanceof Error ? err.message : String(err);
          await tx.update(CatalogChange, { id }, { status: 'failed', failure: reason.slice(0, 1000), appliedAt: this.clock.now() });
          this.logger.warn(`scheduled ${row.kind} of ${row.itemCode} could not be applied: ${reason}`);
        }
      }
      return applied;
    });
  }

  async versions(): Promise<CatalogVersionView[]> {
    const rows = await this.ds.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 200 });
    return rows.map((r) => ({
      version: r.version,
      note: r.note,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      ...(r.itemCode ? { itemCode: r.itemCode } : {}),
      ...(r.effectiveFrom ? { effectiveFrom: r.effectiveFrom } : {}),
    }));
  }

  private async viewOf(item: ApprovalItem, m: EntityManager = this.ds.manager): Promise<CatalogItemView> {
    const [view] = await this.views([item], m);
    return view as CatalogItemView;
  }

  private async views(items: ApprovalItem[], m: EntityManager = this.ds.manager): Promise<CatalogItemView[]> {
    const departments = new Map((await m.getRepository(Department).find()).map((d) => [d.code, d]));
    return items.map((i) => ({
      code: i.code,
      name: i.name,
      stage: i.stage,
      department: { code: i.departmentCode, name: departments.get(i.departmentCode)?.name ?? i.departmentCode },
      kind: i.kind,
      legalDays: i.legalDays,
      promisedDays: i.promisedDays,
      materials: i.materials,
      resultDocument: i.resultDocument,
      ...(i.legalBasis ? { legalBasis: i.legalBasis } : {}),
      fees: i.fees ?? { free: true },
      windowReview: i.windowReview,
      ...(i.effectiveFrom ? { effectiveFrom: i.effectiveFrom } : {}),
    }));
  }
}

function toState(i: ApprovalItem): ItemState {
  return {
    code: i.code,
    name: i.name,
    stage: i.stage,
    departmentCode: i.departmentCode,
    kind: i.kind,
    legalDays: i.legalDays,
    promisedDays: i.promisedDays,
    materials: i.materials,
    fees: i.fees ?? { free: true },
  };
}
