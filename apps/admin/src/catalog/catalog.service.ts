import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppError, Events, type CatalogItemView, type CatalogSnapshot, type CatalogVersionView, type ErrorDetail, type ResolveItemsReply, type Stage, type UpdateItemRequest } from '@yichuang/contracts';
import { Clock, Outbox, requireActor } from '@yichuang/platform';
import { ApprovalItem, CatalogVersion, Department } from './catalog.entities.js';

@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async list(stage?: Stage): Promise<CatalogItemView[]> {
    const items = await this.ds.getRepository(ApprovalItem).find({
      where: { active: true, ...(stage ? { stage } : {}) },
      order: { stage: 'ASC', code: 'ASC' },
    });
    return this.views(items);
  }

  async resolve(codes: string[]): Promise<ResolveItemsReply> {
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
    return this.ds.transaction('REPEATABLE READ', async (tx) => {
      const [version] = await tx.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 1 });
      const items = await tx.getRepository(ApprovalItem).find({ where: { active: true }, order: { stage: 'ASC', code: 'ASC' } });
      return { catalogVersion: version?.version ?? 0, items: await this.views(items) };
    });
  }

  /**
   * An administrator's change of an item: the catalogue gets a new version, the item's new state is kept
   * under it; applications already made keep the definitions they were made under (intake's snapshot).
   */
  async update(req: UpdateItemRequest): Promise<CatalogItemView> {
    const actor = requireActor('admin');
    return this.ds.transaction(async (tx) => {
      const item = await tx.getRepository(ApprovalItem).findOne({ where: { code: req.code }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw AppError.notFound('approval item');
      if (req.name !== undefined) item.name = req.name;
      if (req.kind !== undefined) item.kind = req.kind;
      if (req.legalDays !== undefined) item.legalDays = req.legalDays;
      if (req.promisedDays !== undefined) item.promisedDays = req.promisedDays;
      if (req.active !== undefined) item.active = req.active;
      if (req.materials) item.materials = req.materials.map((m) => ({ ...m, code: `${item.code}-${m.code}` }));
      const problems: ErrorDetail[] = [];
      if (item.promisedDays > item.legalDays && item.legalDays > 0) problems.push({ field: 'promisedDays', problem: 'must not exceed the legal limit' });
      if (item.kind === 'promised' && item.promisedDays < 1) problems.push({ field: 'promisedDays', problem: 'a promised item needs a promised limit of at least 1 working day' });
      if (!item.materials.some((m) => m.required)) problems.push({ field: 'materials', problem: 'at least one material must be required' });
      if (new Set(item.materials.map((m) => m.code)).size !== item.materials.length) problems.push({ field: 'materials', problem: 'material codes must be unique' });
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s)`, problems);
      const [{ v }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM catalog_version`)) as [{ v: number }];
      item.updatedAt = this.clock.now();
      await tx.save(item);
      await tx.insert(CatalogVersion, { version: v, note: req.note, createdBy: actor.username, itemCode: item.code, createdAt: item.updatedAt });
      const [view] = await this.views([item]);
      await tx.query(`INSERT INTO approval_item_version (code, version, data) VALUES ($1, $2, $3)`, [item.code, v, JSON.stringify(view)]);
      await this.outbox.add(tx, Events.catalogChanged, { version: v, itemCode: item.code, changedAt: item.updatedAt.toISOString() });
      return view as CatalogItemView;
    });
  }

  async versions(): Promise<CatalogVersionView[]> {
    const rows = await this.ds.getRepository(CatalogVersion).find({ order: { version: 'DESC' }, take: 200 });
    return rows.map((r) => ({ version: r.version, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), ...(r.itemCode ? { itemCode: r.itemCode } : {}) }));
  }

  private async views(items: ApprovalItem[]): Promise<CatalogItemView[]> {
    const departments = new Map((await this.ds.getRepository(Department).find()).map((d) => [d.code, d]));
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
    }));
  }
}
