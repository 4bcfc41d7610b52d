import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  QUEUE_CATEGORIES,
  Rpc,
  type CreateWindowRequest,
  type ErrorDetail,
  type HallWindowView,
  type ListHallWindowsRequest,
  type QueueCategory,
  type RetireWindowRequest,
  type SetWindowDutyRequest,
  type Stage,
  type UpdateWindowRequest,
  type WindowFields,
  type WindowKind,
  type WindowView,
  WINDOW_KIND_TEXT,
} from '@yichuang/contracts';
import { QUEUE_CATEGORY_TEXT } from '@yichuang/domain';
import { Clock, Outbox, RpcClient } from '@yichuang/platform';
import { Department, HallWindow } from '../catalog/catalog.entities.js';
import { StaffAccount } from '../accounts/staff-account.entity.js';
import { WindowDuty } from './hall.entities.js';
import { invalid, isUniqueViolation, refused, stale } from './hall-rules.js';

/** the categories a kind of window must call (the consultation and pick-up queues have their own windows) */
const KIND_CALLS: Partial<Record<WindowKind, QueueCategory>> = { consultation: 'consult', pickup: 'pickup' };

/**
 * 窗口: the administrator creates, edits and retires the hall's windows — kind, a business window's department, the
 * queue categories it calls and the stages it serves — and sets who is on duty there each day. The queue is
 * intake's: a change that would leave tickets waiting with no window to call them (retiring the window, or no
 * longer calling a category nobody else calls) is refused after asking intake which tickets wait. Every change is
 * announced on `hall.changed` (intake's copy of the windows refreshes at once).
 */
@Injectable()
export class WindowsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly rpc: RpcClient,
  ) {}

  /** The active windows, for the queue (intake's copy). */
  async forQueue(): Promise<WindowView[]> {
    const rows = await this.ds.getRepository(HallWindow).find({ where: { active: true }, order: { no: 'ASC' } });
    return rows.map((w) => ({ no: w.no, name: w.name, kind: w.kind, categories: w.categories, ...(w.departmentCode ? { department: w.departmentCode } : {}), stages: w.stages }));
  }

  async list(req: ListHallWindowsRequest): Promise<HallWindowView[]> {
    const rows = await this.ds.getRepository(HallWindow).find({
      where: { ...(req.kind ? { kind: req.kind } : {}), ...(req.active ? { active: req.active === 'true' } : {}) },
      order: { no: 'ASC' },
    });
    return this.views(rows);
  }

  async get(no: string): Promise<HallWindowView> {
    const [view] = await this.views([await this.window(this.ds.manager, no)]);
    return view as HallWindowView;
  }

  async create(req: CreateWindowRequest): Promise<HallWindowView> {
    const problems = await this.problems(this.ds.manager, req);
    if (problems.length) throw invalid(problems);
    await this.ds.transaction(async (m) => {
      if (await m.getRepository(HallWindow).existsBy({ no: req.no })) throw windowExists(req.no);
      try {
        await m.getRepository(HallWindow).insert({
          no: req.no,
          name: req.name,
          kind: req.kind,
          departmentCode: req.department ?? null,
          categories: dedupe(req.categories),
          stages: stagesOf(req),
          location: req.location || null,
        });
      } catch (err) {
        // a concurrent create of the same number
        if (isUniqueViolation(err)) throw windowExists(req.no);
        throw err;
      }
      await this.announce(m, req.no);
    });
    return this.get(req.no);
  }

  async update(req: UpdateWindowRequest): Promise<HallWindowView> {
    const problems = await this.problems(this.ds.manager, req);
    if (problems.length) throw invalid(problems);
    await this.ds.transaction(async (m) => {
      const w = await this.window(m, req.no, true);
      if (w.version !== req.expectedVersion) throw stale('window', w.version);
      const categories = dedupe(req.categories);
      if (w.active) await this.refuseStranding(m, w, w.categories.filter((c) => !(categories as string[]).includes(c)) as QueueCategory[], false);
      await m.getRepository(HallWindow).update(
        { no: w.no },
        { name: req.name, kind: req.kind, departmentCode: req.department ?? null, categories, stages: stagesOf(req), location: req.location || null, version: w.version + 1 },
      );
      await this.announce(m, w.no);
    });
    return this.get(req.no);
  }

  /** 停用: refused while tickets wait that only this window would call (sent to it, or in a category no other window calls). */
  async retire(req: RetireWindowRequest): Promise<HallWindowView> {
    await this.ds.transaction(async (m) => {
      const w = await this.window(m, req.no, true);
      if (req.expectedVersion !== undefined && w.version !== req.expectedVersion) throw stale('window', w.version);
      if (!w.active) return;
      await this.refuseStranding(m, w, w.categories as QueueCategory[], true);
      await m.getRepository(HallWindow).update({ no: w.no }, { active: false, version: w.version + 1 });
      await this.announce(m, w.no);
    });
    return this.get(req.no);
  }

  /** 值班: the day's roster of the window replaced (active accounts; an account is on duty at one window a day). */
  async setDuty(req: SetWindowDutyRequest): Promise<HallWindowView> {
    const day = req.day ?? this.clock.today();
    const usernames = [...new Set(req.usernames)];
    await this.ds.transaction(async (m) => {
      const w = await this.window(m, req.no, true);
      const problems: ErrorDetail[] = [];
      if (!w.active) problems.push({ field: 'no', problem: `窗口 ${w.no} 已停用，不能安排值班` });
      const accounts = usernames.length ? await m.getRepository(StaffAccount).findBy({ username: In(usernames) }) : [];
      for (const u of usernames) {
        const a = accounts.find((x) => x.username === u);
        if (!a) problems.push({ field: 'usernames', problem: `账号 ${u} 不存在` });
        else if (!a.active) problems.push({ field: 'usernames', problem: `账号 ${u} 已停用` });
      }
      const elsewhere = usernames.length ? await m.getRepository(WindowDuty).findBy({ day, username: In(usernames), windowNo: Not(w.no) }) : [];
      for (const d of elsewhere) problems.push({ field: 'usernames', problem: `${d.username} 当日已在窗口 ${d.windowNo} 值班` });
      if (problems.length) throw invalid(problems);
      await m.getRepository(WindowDuty).delete({ windowNo: w.no, day });
      if (usernames.length) await m.getRepository(WindowDuty).insert(usernames.map((username) => ({ windowNo: w.no, day, username })));
      await this.announce(m, w.no);
    });
    return this.get(req.no);
  }

  /**
   * Asks intake which of today's tickets would be left with no window to call them: those sent to this window (when
   * it is retired, or no longer calls their category) and those waiting in a category it stops calling that no other
   * active window calls.
   */
  private async refuseStranding(m: EntityManager, w: HallWindow, lost: QueueCategory[], retiring: boolean): Promise<void> {
    if (lost.length === 0) return;
    const others = await m.getRepository(HallWindow).find({ where: { active: true, no: Not(w.no) } });
    const orphaned = lost.filter((c) => !others.some((o) => o.categories.includes(c)));
    const waiting = await this.rpc.request(Rpc.intake.waitingTickets, { windowNo: w.no, categories: orphaned }, { timeoutMs: 5000 });
    const sent = waiting.sentToWindow.filter((t) => retiring || lost.includes(t.category));
    const problems: string[] = [];
    if (sent.length) {
      problems.push(`窗口 ${w.no} 仍有 ${sent.length} 个转来的排队号在等候（${sent.map((t) => t.ticketNo).join('、')}），请先叫号办结或转到其他窗口后再${retiring ? '停用' : '修改排队类别'}`);
    }
    for (const c of orphaned) {
      const tickets = waiting.inCategories.filter((t) => t.category === c);
      if (tickets.length) {
        problems.push(`“${QUEUE_CATEGORY_TEXT[c]}”类仍有 ${tickets.length} 个排队号在等候（${tickets.map((t) => t.ticketNo).join('、')}），且没有其他在用窗口叫该类号，请先叫号办结或转移后再${retiring ? '停用窗口' : '修改排队类别'}`);
      }
    }
    if (problems.length) throw refused(`window ${w.no}: tickets are waiting`, problems);
  }

  private async problems(m: EntityManager, f: WindowFields): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (f.kind === 'business') {
      if (!f.department) problems.push({ field: 'department', problem: '业务窗口须指定所属部门' });
      else {
        const d = await m.getRepository(Department).findOneBy({ code: f.department });
        if (!d) problems.push({ field: 'department', problem: `部门 ${f.department} 不存在` });
        else if (!d.active) problems.push({ field: 'department', problem: `部门 ${d.name} 已停用` });
      }
    } else if (f.department) {
      problems.push({ field: 'department', problem: '只有业务窗口可以指定所属部门' });
    }
    if (new Set(f.categories).size !== f.categories.length) problems.push({ field: 'categories', problem: '排队类别不能重复' });
    const must = KIND_CALLS[f.kind];
    if (must && !f.categories.includes(must)) problems.push({ field: 'categories', problem: `${WINDOW_KIND_TEXT[f.kind]}须叫“${QUEUE_CATEGORY_TEXT[must]}”类排队号` });
    if (f.stages && new Set(f.stages).size !== f.stages.length) problems.push({ field: 'stages', problem: '服务阶段不能重复' });
    if (f.kind === 'comprehensive' && stagesOf(f).length === 0) problems.push({ field: 'stages', problem: '综合窗口须至少服务一个审批阶段' });
    return problems;
  }

  private async announce(m: EntityManager, no: string): Promise<void> {
    await this.outbox.add(m, Events.hallChanged, { kind: 'window', ref: no, changedAt: this.clock.now().toISOString() });
  }

  private async window(m: EntityManager, no: string, lock = false): Promise<HallWindow> {
    const w = await m.getRepository(HallWindow).findOne({ where: { no }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!w) throw AppError.notFound(`window ${no}`);
    return w;
  }

  /** With the accounts bound to each window and today's roster. */
  private async views(rows: HallWindow[]): Promise<HallWindowView[]> {
    if (rows.length === 0) return [];
    const nos = rows.map((w) => w.no);
    const day = this.clock.today();
    const bound = await this.ds.getRepository(StaffAccount).find({ where: { windowNo: In(nos) }, order: { username: 'ASC' } });
    const duty = await this.ds.getRepository(WindowDuty).find({ where: { windowNo: In(nos), day }, order: { username: 'ASC' } });
    const onDuty = duty.length ? await this.ds.getRepository(StaffAccount).findBy({ username: In(duty.map((d) => d.username)) }) : [];
    return rows.map((w) => ({
      no: w.no,
      name: w.name,
      kind: w.kind as WindowKind,
      ...(w.departmentCode ? { department: w.departmentCode } : {}),
      categories: w.categories as QueueCategory[],
      stages: w.stages as Stage[],
      ...(w.location ? { location: w.location } : {}),
      active: w.active,
      version: w.version,
      staff: bound.filter((a) => a.windowNo === w.no).map((a) => ({ username: a.username, displayName: a.displayName, active: a.active })),
      duty: {
        day,
        staff: duty
          .filter((d) => d.windowNo === w.no)
          .map((d) => {
            const a = onDuty.find((x) => x.username === d.username);
            return { username: d.username, displayName: a?.displayName ?? d.username, boundHere: a?.windowNo === w.no };
          }),
      },
    }));
  }
}

function windowExists(no: string): AppError {
  return new AppError('CONFLICT', `window ${no} exists`, [{ field: 'no', problem: `窗口编号 ${no} 已存在` }]);
}

function dedupe(categories: QueueCategory[]): QueueCategory[] {
  return QUEUE_CATEGORIES.filter((c) => categories.includes(c));
}

/** The stages given, or those of the stage categories it calls. */
function stagesOf(f: WindowFields): Stage[] {
  const stages = f.stages ?? f.categories.flatMap((c) => (/^stage[1-4]$/.test(c) ? [Number(c.slice(5)) as Stage] : []));
  return [...new Set(stages)].sort();
}
