import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type CreateDepartmentRequest,
  type CreateSectionRequest,
  type DepartmentView,
  type ErrorDetail,
  type HallChangeKind,
  type RetireDepartmentRequest,
  type SectionView,
  type UpdateDepartmentRequest,
  type UpdateSectionRequest,
} from '@yichuang/contracts';
import { Clock, Outbox } from '@yichuang/platform';
import { ApprovalItem, Department, HallWindow } from '../catalog/catalog.entities.js';
import { StaffAccount } from '../accounts/staff-account.entity.js';
import { DepartmentSection } from './hall.entities.js';
import { invalid, isUniqueViolation, refused, stale } from './hall-rules.js';

/**
 * 部门与科室: the administrator creates and edits departments and their sections. A department with items, staff or
 * windows is never deleted (its cases, documents and accounts name it): it is retired, which is refused while it
 * still has active catalogue items or active business windows (retire or move those first). Every change is
 * announced on `hall.changed` through the outbox, in the same transaction.
 */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async list(active?: 'true' | 'false'): Promise<DepartmentView[]> {
    const rows = await this.ds.getRepository(Department).find({ where: active ? { active: active === 'true' } : {}, order: { code: 'ASC' } });
    return this.views(this.ds.manager, rows);
  }

  async get(code: string): Promise<DepartmentView> {
    return this.view(this.ds.manager, await this.department(this.ds.manager, code));
  }

  async create(req: CreateDepartmentRequest): Promise<DepartmentView> {
    await this.ds.transaction(async (m) => {
      if (await m.getRepository(Department).existsBy({ code: req.code })) throw departmentExists(req.code);
      try {
        await m.getRepository(Department).insert({ code: req.code, name: req.name, fullName: req.fullName, shortName: req.shortName, phone: req.phone, address: req.address ?? '' });
      } catch (err) {
        // a concurrent create of the same code
        if (isUniqueViolation(err)) throw departmentExists(req.code);
        throw err;
      }
      await this.announce(m, 'department', req.code);
    });
    return this.get(req.code);
  }

  async update(req: UpdateDepartmentRequest): Promise<DepartmentView> {
    await this.ds.transaction(async (m) => {
      const d = await this.department(m, req.code, true);
      if (d.version !== req.expectedVersion) throw stale('department', d.version);
      await m.getRepository(Department).update(
        { code: req.code },
        { name: req.name, fullName: req.fullName, shortName: req.shortName, phone: req.phone, address: req.address ?? d.address, version: d.version + 1 },
      );
      await this.announce(m, 'department', req.code);
    });
    return this.get(req.code);
  }

  /** 停用: no longer offered for new items and windows; refused while it has active items or business windows. */
  async retire(req: RetireDepartmentRequest): Promise<DepartmentView> {
    await this.ds.transaction(async (m) => {
      const d = await this.department(m, req.code, true);
      if (req.expectedVersion !== undefined && d.version !== req.expectedVersion) throw stale('department', d.version);
      if (!d.active) return;
      const items = await m.getRepository(ApprovalItem).find({ where: { departmentCode: d.code, active: true }, order: { code: 'ASC' } });
      const windows = await m.getRepository(HallWindow).find({ where: { departmentCode: d.code, active: true }, order: { no: 'ASC' } });
      const problems: string[] = [];
      if (items.length) problems.push(`部门 ${d.name} 仍有 ${items.length} 个在用审批事项（${items.map((i) => i.code).join('、')}），请先停用或移交这些事项`);
      if (windows.length) problems.push(`部门 ${d.name} 仍有在用的业务窗口（${windows.map((w) => w.no).join('、')}），请先停用这些窗口`);
      if (problems.length) throw refused(`department ${d.code} has active items or windows`, problems);
      await m.getRepository(Department).update({ code: d.code }, { active: false, version: d.version + 1 });
      await this.announce(m, 'department', d.code);
    });
    return this.get(req.code);
  }

  /** Only a department nothing names yet (a mistake just made); its sections go with it. */
  async remove(code: string): Promise<{ code: string; deleted: true }> {
    await this.ds.transaction(async (m) => {
      const d = await this.department(m, code, true);
      // one after the other: one connection (the transaction's)
      const items = await m.getRepository(ApprovalItem).countBy({ departmentCode: code });
      const staff = await m.getRepository(StaffAccount).countBy({ departmentCode: code });
      const windows = await m.getRepository(HallWindow).countBy({ departmentCode: code });
      const problems: string[] = [];
      if (items) problems.push(`部门 ${d.name} 已有 ${items} 个审批事项，不能删除，请改为停用`);
      if (staff) problems.push(`部门 ${d.name} 已有 ${staff} 个工作人员账号，不能删除，请改为停用`);
      if (windows) problems.push(`部门 ${d.name} 已有 ${windows} 个业务窗口，不能删除，请改为停用`);
      if (problems.length) throw refused(`department ${code} is in use`, problems);
      await m.getRepository(DepartmentSection).delete({ departmentCode: code });
      await m.getRepository(Department).delete({ code });
      await this.announce(m, 'department', code);
    });
    return { code, deleted: true };
  }

  async createSection(req: CreateSectionRequest): Promise<SectionView> {
    await this.ds.transaction(async (m) => {
      const d = await this.department(m, req.department, true);
      const problems = await this.sectionProblems(m, d, req.code, req.name, req.head);
      if (problems.length) throw invalid(problems);
      if (await m.getRepository(DepartmentSection).existsBy({ departmentCode: d.code, code: req.code })) throw sectionExists(req.code);
      try {
        await m.getRepository(DepartmentSection).insert({ departmentCode: d.code, code: req.code, name: req.name, headUsername: req.head ?? null });
      } catch (err) {
        if (isUniqueViolation(err)) throw sectionExists(req.code);
        throw err;
      }
      await this.announce(m, 'section', `${d.code}/${req.code}`);
    });
    return this.section(this.ds.manager, req.department, req.code);
  }

  async updateSection(req: UpdateSectionRequest): Promise<SectionView> {
    await this.ds.transaction(async (m) => {
      const d = await this.department(m, req.department, true);
      const s = await m.getRepository(DepartmentSection).findOne({ where: { departmentCode: d.code, code: req.section }, lock: { mode: 'pessimistic_write' } });
      if (!s) throw AppError.notFound(`section ${req.section}`);
      if (s.version !== req.expectedVersion) throw stale('section', s.version);
      const problems = await this.sectionProblems(m, d, s.code, req.name, req.head);
      if (problems.length) throw invalid(problems);
      await m.getRepository(DepartmentSection).update(
        { departmentCode: d.code, code: s.code },
        { name: req.name, headUsername: req.head ?? null, active: req.active ?? s.active, version: s.version + 1 },
      );
      await this.announce(m, 'section', `${d.code}/${s.code}`);
    });
    return this.section(this.ds.manager, req.department, req.section);
  }

  /** The active sections of a department (review convenes them); an unknown department has none. */
  async sectionsOf(department: string): Promise<SectionView[]> {
    const rows = await this.ds.getRepository(DepartmentSection).find({ where: { departmentCode: department, active: true }, order: { code: 'ASC' } });
    return rows.map(sectionView);
  }

  /** The name unique within the department, the head an active account of it. */
  private async sectionProblems(m: EntityManager, d: Department, code: string, name: string, head?: string): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    const sameName = await m.getRepository(DepartmentSection).findOneBy({ departmentCode: d.code, name });
    if (sameName && sameName.code !== code) problems.push({ field: 'name', problem: `${d.name}已有名为“${name}”的科室（${sameName.code}）` });
    if (head) {
      const account = await m.getRepository(StaffAccount).findOneBy({ username: head });
      if (!account || !account.active) problems.push({ field: 'head', problem: `科室负责人账号 ${head} 不存在或已停用` });
      else if (account.departmentCode !== d.code) problems.push({ field: 'head', problem: `科室负责人 ${head} 不属于${d.name}` });
    }
    return problems;
  }

  private async announce(m: EntityManager, kind: HallChangeKind, ref: string): Promise<void> {
    await this.outbox.add(m, Events.hallChanged, { kind, ref, changedAt: this.clock.now().toISOString() });
  }

  private async department(m: EntityManager, code: string, lock = false): Promise<Department> {
    const d = await m.getRepository(Department).findOne({ where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!d) throw AppError.notFound(`department ${code}`);
    return d;
  }

  private async section(m: EntityManager, department: string, code: string): Promise<SectionView> {
    const s = await m.getRepository(DepartmentSection).findOneBy({ departmentCode: department, code });
    if (!s) throw AppError.notFound(`section ${code}`);
    return sectionView(s);
  }

  private async view(m: EntityManager, d: Department): Promise<DepartmentView> {
    const [view] = await this.views(m, [d]);
    return view as DepartmentView;
  }

  private async views(m: EntityManager, rows: Department[]): Promise<DepartmentView[]> {
    if (rows.length === 0) return [];
    const codes = rows.map((d) => d.code);
    const sections = await m.getRepository(DepartmentSection).createQueryBuilder('s').where('s.department_code IN (:...codes)', { codes }).orderBy('s.code', 'ASC').getMany();
    const count = async (sql: string) => new Map(((await m.query(sql, [codes])) as { code: string; n: number }[]).map((r) => [r.code, r.n]));
    const items = await count(`SELECT department_code AS code, count(*)::int AS n FROM approval_item WHERE active AND department_code = ANY($1) GROUP BY 1`);
    const staff = await count(`SELECT department_code AS code, count(*)::int AS n FROM staff_account WHERE active AND department_code = ANY($1) GROUP BY 1`);
    return rows.map((d) => ({
      code: d.code,
      name: d.name,
      fullName: d.fullName,
      shortName: d.shortName,
      phone: d.phone,
      address: d.address,
      active: d.active,
      version: d.version,
      sections: sections.filter((s) => s.departmentCode === d.code).map(sectionView),
      activeItems: items.get(d.code) ?? 0,
      staff: staff.get(d.code) ?? 0,
    }));
  }
}

function departmentExists(code: string): AppError {
  return new AppError('CONFLICT', `department ${code} exists`, [{ field: 'code', problem: `部门代码 ${code} 已存在` }]);
}

function sectionExists(code: string): AppError {
  return new AppError('CONFLICT', `section ${code} exists`, [{ field: 'code', problem: `科室代码 ${code} 已存在` }]);
}

function sectionView(s: DepartmentSection): SectionView {
  return { code: s.code, name: s.name, ...(s.headUsername ? { head: s.headUsername } : {}), active: s.active, version: s.version };
}
