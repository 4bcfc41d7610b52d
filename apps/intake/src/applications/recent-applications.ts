import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Application } from './application.entities.js';

/** An application as this instance last wrote it, with the codes of the materials received. */
export interface RecentApplication {
  app: Application;
  received: string[];
}

/**
 * The applications this instance created or pre-checked lately, as it last wrote them: the clerk's next step
 * (pre-check, then acceptance) usually comes to the same instance a moment later, and can then be written
 * without reading the application again. Only ever a shortcut: each write from a copy is conditional on the
 * row's `updated_at` (and round and status) being what the copy says — every change of an application moves
 * `updated_at` — and falls back to reading the row when it is not. Any other change made here drops the copy.
 */
@Injectable()
export class RecentApplications {
  private readonly copies = new LRUCache<string, RecentApplication>({ max: 5_000, ttl: 10 * 60_000 });

  get(id: string): RecentApplication | undefined {
    return this.copies.get(id);
  }

  set(copy: RecentApplication): void {
    this.copies.set(copy.app.id, copy);
  }

  forget(id: string): void {
    this.copies.delete(id);
  }
}
