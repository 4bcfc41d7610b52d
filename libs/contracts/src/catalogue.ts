/**
 * Typed definitions of NATS subjects. The subject strings themselves live in ./subjects.ts (one place,
 * versioned names, never renamed: a new version gets a new `.vN` subject).
 *
 * - RPC (request/reply through @nestjs/microservices): `yc.rpc.<service>.<noun>.<verb>.v<N>`
 * - Events (JetStream stream YC_EVENTS, written through each service's transactional outbox):
 *   `yc.evt.<service>.<noun>.<past-tense-verb>.v<N>`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Class<T> = new (...args: any[]) => T;

export interface RpcDef<Req, Res> {
  readonly kind: 'rpc';
  readonly subject: string;
  readonly request: Class<Req> | null;
  /** phantom: the reply type, for the compiler only */
  readonly _res?: Res;
}

export interface EventDef<P> {
  readonly kind: 'event';
  readonly subject: string;
  readonly payload: Class<P>;
}

export function rpc<Req, Res>(subject: string, request: Class<Req> | null): RpcDef<Req, Res> {
  return { kind: 'rpc', subject, request };
}

export function event<P>(subject: string, payload: Class<P>): EventDef<P> {
  return { kind: 'event', subject, payload };
}

export type RpcRequest<D> = D extends RpcDef<infer Req, unknown> ? Req : never;
export type RpcReply<D> = D extends RpcDef<unknown, infer Res> ? Res : never;
export type EventPayload<D> = D extends EventDef<infer P> ? P : never;

/** The body of every JetStream event: self-describing, so a department system can read it alone. */
export interface EventEnvelope<P = unknown> {
  /** unique event id; also the JetStream `Nats-Msg-Id` used for de-duplication */
  id: string;
  /** the subject (type) of the event, e.g. `yc.evt.intake.case.accepted.v1` */
  type: string;
  /** the service that wrote it */
  source: string;
  occurredAt: string;
  correlationId: string;
  data: P;
}

/** NATS header names carried on every RPC request and event. */
export const Headers = {
  correlationId: 'x-correlation-id',
  actor: 'x-actor',
  /** the client's address as the gateway saw it (req.ip), for the audit trail; absent on messages from elsewhere */
  clientAddress: 'x-client-address',
} as const;

/** Who asks. Set by the gateway from the JWT; services trust it because only the gateway and services may publish RPC subjects (deploy/nats). */
export interface Actor {
  username: string;
  roles: Role[];
  department?: string;
  window?: string;
  /** an applicant's portal token: the one application (and its case) it may see */
  applicationId?: string;
  caseNo?: string;
}

/** the roles of staff accounts (admin's accounts hold these) */
export const ROLES = ['clerk', 'consultant', 'reviewer', 'department_head', 'supervisor', 'admin'] as const;
/**
 * The applicant following their own case (申请人): no account; a short-lived token signed by the gateway after a
 * one-time SMS code, limited to one application and its case (`Actor.applicationId`, `Actor.caseNo`).
 */
export const APPLICANT_ROLE = 'applicant' as const;
/** every role a token may carry (the access matrix names only these) */
export const ACCESS_ROLES = [...ROLES, APPLICANT_ROLE] as const;
export type Role = (typeof ACCESS_ROLES)[number];
export type StaffRole = (typeof ROLES)[number];
