import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { CaseAcceptedV1, CaseItemPayload, RpcDef, RpcReply, RpcRequest } from '@yichuang/contracts';
import { aCreditCode, aPhone, aProjectCode } from './fixtures.js';
import { isoAt } from './time.js';

/**
 * A stand-in for another service's RPC subject on NATS, answering as a Nest microservice does: the request
 * packet is `{pattern, data, id}`, the reply `{id, response, isDisposed: true}` (see @nestjs/microservices
 * client/client-nats.js). `calls()` counts the requests; `asked` keeps their payloads.
 */
export function fakeRpcService<D extends RpcDef<unknown, unknown>>(
  nc: NatsConnection,
  def: D,
  answer: (data: RpcRequest<D>) => RpcReply<D>,
  queue = 'fake',
): { sub: Subscription; calls: () => number; asked: RpcRequest<D>[] } {
  const asked: RpcRequest<D>[] = [];
  const sub = nc.subscribe(def.subject, {
    queue,
    callback: (err, msg) => {
      if (err) return;
      const { id, data } = msg.json<{ id: string; data: RpcRequest<D> }>();
      asked.push(data);
      msg.respond(JSON.stringify({ id, response: answer(data), isDisposed: true }));
    },
  });
  return { sub, calls: () => asked.length, asked };
}

/** An item of a case.accepted event (a promised item unless told otherwise). */
export function aCaseItem(code: string, department: [code: string, name: string], promisedDays: number, dueDate: string, kind: CaseItemPayload['kind'] = 'promised'): CaseItemPayload {
  return {
    itemCode: code,
    itemName: `${code} 事项`,
    departmentCode: department[0],
    departmentName: department[1],
    kind,
    legalDays: promisedDays * 2,
    promisedDays,
    dueDate,
    resultDocument: { type: 'LAND_PLANNING_PERMIT', name: '建设用地规划许可证' },
  };
}

/** A case.accepted event as intake writes it, accepted at W01 on `acceptedDate` (10:00 China time). */
export function aCaseAccepted(caseNo: string, acceptedDate: string, items: CaseItemPayload[]): CaseAcceptedV1 {
  return {
    caseNo,
    applicationId: randomUUID(),
    stage: 1,
    acceptedAt: isoAt(acceptedDate),
    acceptedDate,
    acceptedBy: 'clerk1',
    windowNo: 'W01',
    applicant: { kind: 'enterprise', name: '信县示范建设有限公司', idNumber: aCreditCode(), phone: aPhone() },
    project: { code: aProjectCode(Number(acceptedDate.slice(0, 4))), name: '示范厂房', location: '信县工业园' },
    catalogVersion: 1,
    items,
  };
}
