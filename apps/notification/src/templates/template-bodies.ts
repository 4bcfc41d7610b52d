import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MessageTemplate } from '@yichuang/contracts';
import { templateSpec } from './template-catalogue.js';

/** How long this instance trusts its copy of the current bodies: another instance's save is seen within this time. */
export const TEMPLATE_CACHE_MS = 5_000;

export interface CurrentBody {
  /** 0: the catalogue's default */
  version: number;
  body: string;
}

/**
 * The current body of every template, as messages are rendered with it: kept in memory, re-read from the
 * `message_template` table when older than TEMPLATE_CACHE_MS, and at once after a save on this instance. A message
 * records the version it was rendered with, so one created in the moment between another instance's save and this
 * instance's re-read says honestly which wording it got.
 */
@Injectable()
export class TemplateBodies {
  private cache: { loadedAt: number; bodies: Map<string, CurrentBody> } | null = null;
  private loading: { generation: number; bodies: Promise<Map<string, CurrentBody>> } | null = null;
  /** moves on every invalidation: a read started before it never fills the cache */
  private generation = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async current(code: MessageTemplate): Promise<CurrentBody> {
    const bodies = await this.bodies();
    return bodies.get(code) ?? { version: 0, body: templateSpec(code).defaultBody };
  }

  /** Forget the copy (after a save): the next message re-reads. */
  invalidate(): void {
    this.generation++;
    this.cache = null;
  }

  private async bodies(): Promise<Map<string, CurrentBody>> {
    if (this.cache && performance.now() - this.cache.loadedAt < TEMPLATE_CACHE_MS) return this.cache.bodies;
    if (this.loading?.generation !== this.generation) {
      const generation = this.generation;
      const bodies = this.load(generation).finally(() => {
        if (this.loading?.generation === generation) this.loading = null;
      });
      this.loading = { generation, bodies };
    }
    return this.loading.bodies;
  }

  private async load(generation: number): Promise<Map<string, CurrentBody>> {
    const startedAt = performance.now();
    const rows = (await this.ds.query(`SELECT DISTINCT ON (code) code, version, body FROM message_template ORDER BY code, version DESC`)) as { code: string; version: number; body: string }[];
    const bodies = new Map(rows.map((r) => [r.code, { version: r.version, body: r.body }]));
    if (generation === this.generation) this.cache = { loadedAt: startedAt, bodies };
    return bodies;
  }
}
