import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@yichuang/platform';
import { ApprovalItem, CatalogVersion, Department, HallWindow } from '../catalog/catalog.entities.js';
import { StaffAccount } from '../accounts/staff-account.entity.js';
import { hashPassword } from '../accounts/passwords.js';
import { hasActiveAdministrator } from '../accounts/create-administrator.js';
import { CalendarDay, CalendarVersion, CalendarYear } from '../calendar/calendar.entities.js';
import { ADMIN_ENV } from '../tokens.js';
import type { AdminEnv } from '../config.js';
import { buildCalendarSeed } from './calendar-seed.js';
import { DEMO_ACCOUNTS, DEMO_DEPARTMENTS, DEMO_ITEMS, DEMO_SECTIONS, DEMO_WINDOWS } from './demo-catalogue.js';
import { DepartmentSection } from '../hall/hall.entities.js';

/** Years seeded into an empty calendar (the administrator loads later years). */
export const SEEDED_CALENDAR_YEARS = [2025, 2026];

/**
 * On an empty database: the working-day calendar for 2025–2026 (always: every deadline needs it) and,
 * with DEMO_DATA=true, the Xin County demo catalogue, windows and one account per role.
 * Runs in one transaction under an advisory lock, so two instances starting together seed once.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = this.clock.now();
    await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('yichuang:admin:seed'))`);
      if ((await tx.count(CalendarYear)) === 0) {
        const seed = buildCalendarSeed(SEEDED_CALENDAR_YEARS);
        await tx.insert(CalendarYear, seed.years.map((year) => ({ year, source: 'chinese-days', loadedAt: now })));
        await tx.insert(CalendarDay, [
          ...seed.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const, name: d.name })),
          ...seed.makeUpWorkdays.map((d) => ({ date: d.date, kind: 'makeup_workday' as const, name: d.name })),
        ]);
        await tx.insert(CalendarVersion, { version: 1, note: `seeded ${seed.years.join(', ')} from chinese-days`, createdBy: 'system', createdAt: now });
        this.logger.log(`calendar seeded for ${seed.years.join(', ')}`);
      }
      if (this.env.DEMO_DATA !== 'true' || (await tx.count(Department)) > 0) return;
      await tx.insert(Department, DEMO_DEPARTMENTS.map((d) => ({ ...d })));
      await tx.insert(
        ApprovalItem,
        DEMO_ITEMS.map((i) => ({
          code: i.code,
          name: i.name,
          stage: i.stage,
          departmentCode: i.departmentCode,
          kind: i.kind,
          legalDays: i.legalDays,
          promisedDays: i.promisedDays,
          resultDocument: i.resultDocument,
          legalBasis: i.legalBasis,
          materials: i.materials.map((m) => ({ ...m, code: `${i.code}-${m.code}` })),
          fees: { free: true },
          windowReview: i.windowReview ?? 'delegated',
          updatedAt: now,
        })),
      );
      await tx.insert(CatalogVersion, { version: 1, note: 'Xin County demo catalogue', createdAt: now });
      // a window serves the stages of the stage categories it calls
      await tx.insert(HallWindow, DEMO_WINDOWS.map((w) => ({ ...w, stages: w.categories.flatMap((c) => (/^stage[1-4]$/.test(c) ? [Number(c.slice(5))] : [])) })));
      const hash = await hashPassword(this.env.DEMO_PASSWORD);
      await tx.insert(
        StaffAccount,
        DEMO_ACCOUNTS.map((a) => ({
          username: a.username,
          displayName: a.displayName,
          passwordHash: hash,
          roles: a.roles,
          departmentCode: a.departmentCode ?? null,
          windowNo: a.windowNo ?? null,
          phone: a.phone,
        })),
      );
      await tx.insert(DepartmentSection, DEMO_SECTIONS.map((x) => ({ ...x, headUsername: x.headUsername ?? null })));
      this.logger.log(`demo data loaded: ${DEMO_ITEMS.length} items, ${DEMO_ACCOUNTS.length} accounts`);
    });
    if (!(await hasActiveAdministrator(this.ds))) {
      this.logger.warn('no administrator account yet: create the first one with `npm run admin:create -- --username <name>` (docs: README, "First run")');
    }
  }
}
