import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/transport-node';
import {
  AppError,
  DEPARTMENT_CODE_PATTERN,
  DEPARTMENT_TASK_ACTIONS,
  DepartmentClaimTaskRequest,
  DepartmentDecideTaskRequest,
  DepartmentListTasksRequest,
  DepartmentRequestCorrectionRequest,
  DepartmentResumeTaskRequest,
  DepartmentSuspendTaskRequest,
  Headers,
  type DepartmentReply,
  type DepartmentTaskAction,
} from '@yichuang/contracts';
import { AuditTrail, NATS_CONNECTION, requestContext, toErrorBody, validatePayload, type NatsConnection, type RequestContext } from '@yichuang/platform';
import { ProceduresService } from '../procedures/procedures.service.js';
import { TasksService } from '../tasks/tasks.service.js';

/** Every department request: `yc.dept.<CODE>.task.<action>.v1`. */
export const DEPARTMENT_REQUESTS_SUBJECT = 'yc.dept.*.task.*.v1';
export const DEPARTMENT_QUEUE = 'review';

interface Route {
  /** validate the payload: the operator it names and the use case to run */
  parse(raw: unknown): Promise<{ operator?: string; run: () => Promise<unknown> }>;
}

function route<T extends { operator?: string }>(cls: new () => T, run: (req: Omit<T, 'operator'>) => Promise<unknown>): Route {
  return {
    async parse(raw) {
      const { value, problems } = await validatePayload(cls, raw);
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);
      const { operator, ...req } = value;
      return { ...(operator ? { operator } : {}), run: () => run(req) };
    },
  };
}

/**
 * A department's own approval system over NATS: the same task use cases as the gateway's HTTP path, with
 * the department taken from the SUBJECT (the NATS server lets a department's user publish only on its own
 * `yc.dept.<CODE>.>`), so a department can never act on another's tasks. Replies
 * `{ok: true, data}` or `{ok: false, error: {code, message, details}}`.
 */
@Injectable()
export class DepartmentRequests implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DepartmentRequests');
  private readonly routes: Record<DepartmentTaskAction, Route>;
  private readonly inFlight = new Set<Promise<void>>();
  private sub?: Subscription;

  constructor(
    tasks: TasksService,
    procedures: ProceduresService,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly audit: AuditTrail,
  ) {
    this.routes = {
      list: route(DepartmentListTasksRequest, (req) => tasks.list(req)),
      claim: route(DepartmentClaimTaskRequest, (req) => tasks.claim(req.id)),
      decide: route(DepartmentDecideTaskRequest, (req) => tasks.decide(req)),
      suspend: route(DepartmentSuspendTaskRequest, (req) => procedures.suspend(req)),
      resume: route(DepartmentResumeTaskRequest, (req) => procedures.resume(req.id)),
      'request-correction': route(DepartmentRequestCorrectionRequest, (req) => procedures.requestCorrection(req)),
    };
  }

  onApplicationBootstrap(): void {
    this.sub = this.nc.subscribe(DEPARTMENT_REQUESTS_SUBJECT, {
      queue: DEPARTMENT_QUEUE,
      callback: (err, msg) => {
        if (err) {
          this.logger.error(`department subscription: ${err.message}`);
          return;
        }
        const p = this.answer(msg).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
    });
    this.logger.log(`answering ${DEPARTMENT_REQUESTS_SUBJECT} (queue ${DEPARTMENT_QUEUE})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    try {
      if (this.sub && !this.sub.isClosed()) this.sub.unsubscribe();
    } catch (err) {
      this.logger.warn(`unsubscribing ${DEPARTMENT_REQUESTS_SUBJECT}: ${(err as Error).message}`);
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /** Never throws: every outcome is a reply. */
  private async answer(msg: Msg): Promise<void> {
    let reply: DepartmentReply<unknown>;
    try {
      reply = { ok: true, data: await this.handle(msg) };
    } catch (err) {
      const body = toErrorBody(err, this.logger);
      reply = { ok: false, error: body };
    }
    if (!msg.reply) return; // a publish without a reply subject: nobody to tell
    try {
      msg.respond(JSON.stringify(reply));
    } catch (err) {
      this.logger.warn(`could not answer ${msg.subject}: ${(err as Error).message}`);
    }
  }

  /** Runs the request as the department's operator; a state-changing one leaves its audit record, whatever its outcome. */
  private async handle(msg: Msg): Promise<unknown> {
    // yc.dept.<CODE>.task.<action>.v1
    const [, , code, , action] = msg.subject.split('.');
    const correlationId = msg.headers?.get(Headers.correlationId) || requestContext.newCorrelationId();
    let context: RequestContext = { correlationId, actor: { username: `${code ?? 'unknown'}-system`, roles: ['reviewer'], ...(code ? { department: code } : {}) } };
    let payload: unknown;
    try {
      if (!code || !DEPARTMENT_CODE_PATTERN.test(code)) throw new AppError('VALIDATION_FAILED', `invalid department code in ${msg.subject}`);
      const r = isAction(action) ? this.routes[action] : undefined;
      if (!r) throw new AppError('NOT_FOUND', `no such request: ${msg.subject} (known: ${DEPARTMENT_TASK_ACTIONS.join(', ')})`);
      payload = parseJson(msg);
      const { operator, run } = await r.parse(payload);
      if (operator) context = { correlationId, actor: { username: operator, roles: ['reviewer'], department: code } };
      const data = await requestContext.run(context, run);
      await this.audit.record({ subject: msg.subject, payload, reply: data, context });
      return data;
    } catch (err) {
      await this.audit.record({ subject: msg.subject, payload, error: err, context });
      throw err;
    }
  }
}

function isAction(a: string | undefined): a is DepartmentTaskAction {
  return (DEPARTMENT_TASK_ACTIONS as readonly string[]).includes(a ?? '');
}

function parseJson(msg: Msg): unknown {
  if (msg.data.length === 0) return {};
  let raw: unknown;
  try {
    raw = msg.json<unknown>();
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('VALIDATION_FAILED', 'the payload is not a JSON object', [{ problem: 'the payload must be a JSON object' }]);
  }
  return raw;
}
