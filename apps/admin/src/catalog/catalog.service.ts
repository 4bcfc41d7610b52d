import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { CatalogItemView, ResolveItemsReply, Stage } from '@yichuang/contracts';
import { ApprovalItem, CatalogVersion, Department } from './catalog.entities.js';

@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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
    }));
  }
}
