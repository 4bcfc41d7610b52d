import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { AdminEnv } from './config.js';
import { ADMIN_ENV } from './tokens.js';
import { ApprovalItem, CatalogChange, CatalogVersion, Department, HallWindow } from './catalog/catalog.entities.js';
import { GuideService } from './catalog/guide.service.js';
import { CatalogService } from './catalog/catalog.service.js';
import { CatalogNats } from './catalog/catalog.nats.js';
import { WindowsNats } from './catalog/windows.nats.js';
import { LoginAddress, RefreshToken, StaffAccount } from './accounts/staff-account.entity.js';
import { AuthService } from './accounts/auth.service.js';
import { StaffAccountsService } from './accounts/staff-accounts.service.js';
import { AccountsNats } from './accounts/accounts.nats.js';
import { CalendarDay, CalendarVersion, CalendarYear } from './calendar/calendar.entities.js';
import { CalendarService } from './calendar/calendar.service.js';
import { CalendarNats } from './calendar/calendar.nats.js';
import { SeedService } from './seed/seed.service.js';
import { DepartmentSection, WindowDuty } from './hall/hall.entities.js';
import { DepartmentsService } from './hall/departments.service.js';
import { WindowsService } from './hall/windows.service.js';
import { HallNats } from './hall/hall.nats.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { CatalogHistory1764200000000 } from './migrations/1764200000000-CatalogHistory.js';
import { CalendarAudit1764300000000 } from './migrations/1764300000000-CalendarAudit.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { LoginHardening1766400000000 } from './migrations/1766400000000-LoginHardening.js';
import { RevokedSessions1766500000000 } from './migrations/1766500000000-RevokedSessions.js';
import { StaffAccounts1766600000000 } from './migrations/1766600000000-StaffAccounts.js';
import { AuditTrail1766700000000 } from './migrations/1766700000000-AuditTrail.js';
import { AdminAuditSink } from './audit/audit-chain.js';
import { AuditService } from './audit/audit.service.js';
import { AuditNats } from './audit/audit.nats.js';
import { HallConfiguration1766710000000 } from './migrations/1766710000000-HallConfiguration.js';
import { CatalogAdministered1766800000000 } from './migrations/1766800000000-CatalogAdministered.js';
import { ADMIN_GAUGES } from './metrics.js';

export const ADMIN_ENTITIES = [Department, ApprovalItem, CatalogVersion, CatalogChange, HallWindow, StaffAccount, LoginAddress, RefreshToken, CalendarYear, CalendarDay, CalendarVersion, DepartmentSection, WindowDuty];
export const ADMIN_MIGRATIONS = [Init1764100000000, CatalogHistory1764200000000, CalendarAudit1764300000000, OutboxPublishedOnCommit1765100000000, LoginHardening1766400000000, RevokedSessions1766500000000, StaffAccounts1766600000000, AuditTrail1766700000000, HallConfiguration1766710000000, CatalogAdministered1766800000000];

/** The admin console service: catalogue, departments, windows, staff accounts, holiday calendar, the audit trail. */
@Module({})
export class AdminModule {
  static forRoot(env: AdminEnv): DynamicModule {
    return {
      module: AdminModule,
      imports: [ServicePlatformModule.forRoot({ service: 'admin', env, entities: ADMIN_ENTITIES, migrations: ADMIN_MIGRATIONS, auditSink: AdminAuditSink, gauges: ADMIN_GAUGES })],
      controllers: [CatalogNats, WindowsNats, AccountsNats, CalendarNats, AuditNats, HallNats],
      providers: [{ provide: ADMIN_ENV, useValue: env }, CatalogService, GuideService, CalendarService, SeedService, AuthService, StaffAccountsService, AuditService, DepartmentsService, WindowsService],
    };
  }
}
