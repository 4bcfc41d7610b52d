import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type CatalogItemView, type PdfDocument, type Stage } from '@yichuang/contracts';
import { renderServiceGuide, GUIDE_TITLE, type GuideItem } from '@yichuang/documents';
import { STAGE_TEXT } from '@yichuang/domain';
import { Clock } from '@yichuang/platform';
import { ADMIN_ENV } from '../tokens.js';
import type { AdminEnv } from '../config.js';
import { HallWindow } from './catalog.entities.js';
import { CatalogService } from './catalog.service.js';

/** 办事指南: a printable Chinese guide of one item or of a stage, from the catalogue current today. */
@Injectable()
export class GuideService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  async item(code: string): Promise<PdfDocument> {
    const snapshot = await this.catalog.snapshot();
    const item = snapshot.items.find((i) => i.code === code);
    if (!item) throw AppError.notFound('approval item');
    return this.render([item], snapshot.items, snapshot.catalogVersion, item.stage, undefined, `${item.name}${GUIDE_TITLE}`, `guide-${item.code}.pdf`, item.code);
  }

  async stage(stage: Stage): Promise<PdfDocument> {
    const snapshot = await this.catalog.snapshot();
    const items = snapshot.items.filter((i) => i.stage === stage);
    if (items.length === 0) throw AppError.notFound('approval items of the stage');
    return this.render(items, snapshot.items, snapshot.catalogVersion, stage, stage, `${STAGE_TEXT[stage]}阶段${GUIDE_TITLE}`, `guide-stage${stage}.pdf`, `第${stage}阶段`);
  }

  private async render(items: CatalogItemView[], all: CatalogItemView[], version: number, stage: Stage, forStage: Stage | undefined, title: string, filename: string, no: string): Promise<PdfDocument> {
    const names = new Map(all.map((i) => [i.code, i.name]));
    const windows = (await this.ds.getRepository(HallWindow).find({ order: { no: 'ASC' } }))
      .filter((w) => w.categories.includes(`stage${stage}`))
      .map((w) => `${w.no}（${w.name}）`);
    const guideItems: GuideItem[] = items.map((i) => ({
      code: i.code,
      name: i.name,
      stage: i.stage,
      department: i.department.name,
      kind: i.kind,
      legalDays: i.legalDays,
      promisedDays: i.promisedDays,
      legalBasis: i.legalBasis ?? '',
      result: i.resultDocument.name,
      fees: i.fees ?? { free: true },
      delegatedToWindow: i.windowReview === 'delegated',
      materials: i.materials.map((m) => ({
        name: m.name,
        required: m.required,
        original: m.original,
        forms: m.forms,
        ...(m.resultOfItem ? { resultOf: { code: m.resultOfItem, name: names.get(m.resultOfItem) ?? m.resultOfItem } } : {}),
      })),
    }));
    const pdf = await renderServiceGuide({
      hall: { agency: this.env.HALL_AGENCY, address: this.env.HALL_ADDRESS, phone: this.env.HALL_PHONE, windows },
      items: guideItems,
      ...(forStage ? { stage: forStage } : {}),
      catalogVersion: version,
      date: this.clock.today(),
    });
    return { title, documentNo: no, filename, contentBase64: pdf.toString('base64') };
  }
}
