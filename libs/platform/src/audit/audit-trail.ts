import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError, AUDIT_EVENTS, AUDIT_FACTS_PER_EVENT, AUDIT_OUTCOME_OK, rpcEffect, type AuditFactV1, type AuditRecordedV1, type EventDef, type IdentifiedAuditFactV1 } from '@yichuang/contracts';
import { findPii, maskPii } from '@yichuang/domain';
import { RpcException } from '@nestjs/microservices';
import { Clock } from '../clock/clock.js';
import { requestContext, type RequestContext } from '../context/request-context.js';
import { Outbox } from '../bus/outbox.service.js';
import { BUS_OPTIONS, type BusOptions } from '../bus/tokens.js';

/** Where a service's audit facts go: its outbox (every service but admin), or admin's chain directly. */
export interface AuditSink {
  /** `id`: the fact's own id, the `event_id` of its record in the chain */
  write(fact: AuditFactV1, id: string): Promise<void>;
}

export const AUDIT_SINK = Symbol('AUDIT_SINK');

/** Client address of a request that did not come through the gateway (another service, a department's system). */
export const NATS_CLIENT_ADDRESS = 'nats';
/** The actor of a public request (the portal, a provider's callback) that names nobody. */
export const ANONYMOUS_ACTOR = 'anonymous';

/** What one finished request was: its subject, payload, and answer or error. */
export interface FinishedRequest {
  subject: string;
  payload: unknown;
  reply?: unknown;
  error?: unknown;
  /** the request's context (default: the current one) */
  context?: RequestContext;
}

/**
 * Records one audit fact for each state-changing request (`rpcEffect`, libs/contracts/src/effects.ts) once its
 * handler finished, with its outcome: called by the services' RPC layer (RpcContextInterceptor) and by review's
 * department requests. Who and from where come from the request context (the gateway's headers); a login names the
 * username tried. The object is the first identifier the request (else the answer) names at its top level — never
 * a payload, and a value that looks like an ID number or a phone is masked.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('AuditTrail');

  constructor(
    private readonly clock: Clock,
    @Inject(AUDIT_SINK) private readonly sink: AuditSink,
  ) {}

  audits(subject: string): boolean {
    return rpcEffect(subject) === 'change';
  }

  /** Never throws: the request's answer does not depend on its audit record (a failure is logged). */
  async record(req: FinishedRequest): Promise<void> {
    if (!this.audits(req.subject)) return;
    try {
      await this.sink.write(this.fact(req), randomUUID());
    } catch (err) {
      this.logger.error(`audit record of ${req.subject} not written: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  fact(req: FinishedRequest): AuditFactV1 {
    const ctx = req.context ?? requestContext.current();
    const payload = asRecord(req.payload);
    const reply = asRecord(req.reply);
    let actor = ctx?.actor?.username;
    let roles: string[] = ctx?.actor?.roles ? [...ctx.actor.roles] : [];
    if (!actor) {
      // a login (the username tried; its roles when it succeeded) or a refresh (the user it answered)
      const user = str(reply['username']) ? reply : asRecord(reply['user']);
      const named = str(payload['username']) ?? str(user['username']);
      actor = named ?? ANONYMOUS_ACTOR;
      if (named && Array.isArray(user['roles'])) roles = (user['roles'] as unknown[]).filter((r): r is string => typeof r === 'string');
    }
    const object = objectOf(req.subject, payload, reply);
    return {
      at: this.clock.now().toISOString(),
      actor: clean(actor, 200),
      roles,
      clientAddress: clean(ctx?.clientAddress ?? NATS_CLIENT_ADDRESS, 100),
      action: req.subject,
      ...(object ? { objectType: object.type, objectId: clean(object.id, 200) } : {}),
      outcome: req.error === undefined ? AUDIT_OUTCOME_OK : errorCode(req.error),
      correlationId: clean(ctx?.correlationId ?? randomUUID(), 100),
    };
  }
}

/**
 * Writes the facts to the service's outbox as `yc.evt.<service>.audit.recorded.v1`, by group commit: a fact waits only
 * for the INSERT in flight, and every fact that queued up meanwhile goes into the next one, as ONE event (at most
 * AUDIT_FACTS_PER_EVENT) — one statement and one event per request when it is quiet, far fewer than one each under
 * load. A single statement is atomic by itself (no BEGIN/COMMIT); the event is published right after it.
 */
@Injectable()
export class OutboxAuditSink implements AuditSink {
  private readonly logger = new Logger('AuditTrail');
  private readonly def: EventDef<AuditRecordedV1> | undefined;
  private readonly queue: { fact: IdentifiedAuditFactV1; done: (err?: unknown) => void }[] = [];
  private writing = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
  ) {
    this.def = (AUDIT_EVENTS as Record<string, EventDef<AuditRecordedV1>>)[options.service];
  }

  write(fact: AuditFactV1, id: string): Promise<void> {
    if (!this.def) {
      this.logger.warn(`${this.options.service} has no audit event; fact of ${fact.action} dropped`);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ fact: { ...fact, id }, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, AUDIT_FACTS_PER_EVENT);
        try {
          await this.insert(batch.map((b) => b.fact));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err ?? new Error('audit insert failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async insert(facts: IdentifiedAuditFactV1[]): Promise<void> {
    if (!this.def) return;
    const envelope = this.outbox.envelope(this.def, { facts });
    await this.ds.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [envelope.id, envelope.type, JSON.stringify(envelope)]);
    this.outbox.trackCommitted(this.ds.manager, envelope);
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Bounded, and never an ID number, credit code or phone in clear. */
function clean(v: string, max: number): string {
  const s = findPii(v).length > 0 ? maskPii(v) : v;
  return s.length > max ? s.slice(0, max) : s;
}

/** The kinds of identifier an audit record names, by the field that carries them (first found wins). */
const OBJECT_KEYS: { key: string; type?: string }[] = [
  { key: 'caseNo', type: 'case' },
  { key: 'taskId', type: 'task' },
  { key: 'applicationId', type: 'application' },
  { key: 'id' },
  { key: 'username', type: 'account' },
  { key: 'code' },
  { key: 'date' },
  { key: 'year' },
];

/** `yc.rpc.intake.application.accept.v1` → `application`; `yc.dept.ZRZY.task.decide.v1` → `task`; `yc.rpc.certificate.collect.v1` → `certificate`. */
export function nounOf(subject: string): string {
  const parts = subject.split('.');
  if (parts[1] === 'dept') return parts[3] ?? 'task';
  const rest = parts.slice(3, -1);
  return rest.length > 1 ? (rest[0] ?? parts[2] ?? 'unknown') : (parts[2] ?? 'unknown');
}

function objectOf(subject: string, payload: Record<string, unknown>, reply: Record<string, unknown>): { type: string; id: string } | undefined {
  // a refresh token or a password is never an object (nor anything but these keys)
  for (const source of [payload, reply]) {
    for (const { key, type } of OBJECT_KEYS) {
      const id = str(source[key]);
      if (id) return { type: type ?? nounOf(subject), id };
    }
  }
  return undefined;
}

/** The error code an answer carried (`INTERNAL` for anything unexpected). */
export function errorCode(err: unknown): string {
  if (err instanceof AppError) return err.code;
  if (err instanceof RpcException) {
    const e = err.getError();
    if (AppError.isErrorBody(e)) return e.code;
  }
  if (AppError.isErrorBody(err)) return err.code;
  if (err instanceof Error && err.name === 'InvalidTransitionError') return 'INVALID_STATE';
  if (err instanceof Error && err.name === 'CalendarRangeError') return 'CALENDAR_OUT_OF_RANGE';
  return 'INTERNAL';
}
