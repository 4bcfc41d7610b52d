import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppError, Events, type Actor, type CertificateView, type HandoverView } from '@yichuang/contracts';
import { DELIVERY_METHOD_TEXT, maskName, normalizeResidentId } from '@yichuang/domain';
import { Clock, Idempotency, Outbox, piiCipher, requireActor } from '@yichuang/platform';
import { Certificate } from '../certificates/certificate.entities.js';
import { certificateView, linkedNumbers } from '../certificates/certificate-records.js';
import { CaseDeliveryRepository } from '../delivery/case-delivery.repository.js';
import { lockCase } from '../delivery/case-lock.js';
import { allDelivered } from '../delivery/delivery-state.js';
import { DeliveryClocksRepository } from '../deadline/delivery-clocks.repository.js';
import { AuthorisationsRepository } from './authorisations.repository.js';
import { HandoversRepository } from './handovers.repository.js';
import { holderFromCertificate, refusalDetails, whoMayCollect, type Holder } from './identity.js';

/** A hand-over at the window: the documents, the person taking them, the signature pad's image or its hash. */
export interface HandOverCommand {
  /** the documents taken; absent: every document of `caseNo` waiting at the desk (for a reviewer: of their department) */
  certificateIds?: string[];
  caseNo?: string;
  collectorName: string;
  collectorIdNumber: string;
  signatureSha256?: string;
  signatureImageBase64?: string;
  windowNo?: string;
}

/** A certificate row as the hand-over reads and answers it. */
interface CertificateRow {
  id: string;
  case_no: string;
  item_code: string;
  item_name: string;
  department_code: string | null;
  type: string;
  type_name: string;
  holder_name: string;
  holder_id_sealed: string;
  no: string;
  verify_code: string;
  status: CertificateView['status'];
  standing: CertificateView['standing'];
  issued_at: Date;
  collected_at: Date | null;
  collector_name: string | null;
  collector_id_sealed: string | null;
  collected_by: string | null;
}

export interface HandOverResult {
  handover: HandoverView;
  certificates: CertificateView[];
}

/**
 * 领证: hands result documents over at the window, to a person entitled to them only (`whoMayCollect`: the applicant
 * in person, the recorded legal representative or contact, or an agent with an authorisation recorded at the window
 * that covers them); anyone else is refused with COLLECTOR_NOT_AUTHORISED listing why for every capacity.
 *
 * In one transaction, under the case's lock (issuing, mailing and tracking of the case wait): `issued → collected`
 * for each document (ALREADY_COLLECTED when one is collected or in the post), the hand-over record (who, in which
 * capacity, under which authorisation, which documents, which window, when, which staff member, the signature
 * image's SHA-256 — never the image), the audit rows, the Art. 44 clocks stopped, and one `certificate.collected`
 * per document, the last saying whether the whole case is now delivered. Honours the caller's Idempotency-Key.
 */
@Injectable()
export class HandOver {
  private readonly logger = new Logger('HandOver');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseDeliveryRepository,
    private readonly authorisations: AuthorisationsRepository,
    private readonly handovers: HandoversRepository,
    private readonly clocks: DeliveryClocksRepository,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
  ) {}

  /** `reply` builds the answer inside the transaction (it is what a repeated Idempotency-Key gets). */
  async execute<T>(cmd: HandOverCommand, scope: string, body: unknown, reply: (r: HandOverResult) => T): Promise<T> {
    const actor = requireActor('clerk', 'reviewer');
    const collectorName = cmd.collectorName.trim();
    const problems: { field: string; problem: string }[] = [];
    if (collectorName.length === 0) problems.push({ field: 'collectorName', problem: 'collectorName must not be blank' });
    const signature = signatureHash(cmd, problems);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, scope, body, async () => reply(await this.handOver(tx, actor, { ...cmd, collectorName }, signature))),
    );
  }

  private async handOver(tx: EntityManager, actor: Actor, cmd: HandOverCommand, signature: string | null): Promise<HandOverResult> {
    const { caseNo, ids } = await this.documents(tx, actor, cmd);
    await lockCase(tx, caseNo);
    const certs = (await tx.query(`SELECT * FROM certificate WHERE id = ANY($1::uuid[]) ORDER BY item_code, id FOR UPDATE`, [ids])) as CertificateRow[];
    const taken = certs.filter((c) => c.status !== 'issued');
    if (taken.length > 0) {
      throw new AppError(
        'ALREADY_COLLECTED',
        `${taken.map((c) => `certificate ${c.no} is already ${c.status}`).join('; ')}`,
        taken.map((c) => ({ field: 'certificateId', problem: `already ${c.status}`, certificateId: c.id, no: c.no, status: c.status })),
      );
    }

    const fallen = certs.filter((c) => c.standing !== 'valid');
    if (fallen.length > 0) {
      throw new AppError(
        'INVALID_STATE',
        fallen.map((c) => `document ${c.no} is ${c.standing}: it is not handed out`).join('; '),
        fallen.map((c) => ({ field: 'certificateId', problem: `no longer stands (${c.standing})`, certificateId: c.id, no: c.no })),
      );
    }
    const parties = await this.cases.find(tx, caseNo);
    const first = certs[0] as CertificateRow;
    const holder: Holder = parties
      ? {
          kind: parties.applicant.kind,
          name: parties.applicant.name,
          idNumber: parties.applicant.idNumber,
          ...(parties.applicant.legalRepresentative ? { legalRepresentative: parties.applicant.legalRepresentative } : {}),
          ...(parties.applicant.contact ? { contact: parties.applicant.contact } : {}),
        }
      : holderFromCertificate(first.holder_name, piiCipher().decrypt(first.holder_id_sealed));
    const decision = whoMayCollect(
      { name: cmd.collectorName, idNumber: cmd.collectorIdNumber },
      holder,
      await this.authorisations.ofCaseFor(tx, caseNo, cmd.collectorIdNumber),
      certs.map((c) => c.id),
    );
    if (!decision.allowed) {
      if (!parties) {
        // the applicant's legal representative and contact come with intake's events; they have not arrived yet
        throw new AppError('CONFLICT', `the parties of case ${caseNo} are not known to the certificate service yet; retry in a moment`);
      }
      throw new AppError('COLLECTOR_NOT_AUTHORISED', `the collector may not take the documents of case ${caseNo}`, refusalDetails(decision.refusals));
    }

    const now = this.clock.now();
    const collectorIdNumber = normalizeResidentId(cmd.collectorIdNumber.trim());
    const certIds = certs.map((c) => c.id);
    await tx.query(
      `UPDATE certificate SET status = 'collected', collected_at = $2, collector_name = $3, collector_id_sealed = $4, collector_id_hmac = $5, collected_by = $6 WHERE id = ANY($1::uuid[])`,
      [certIds, now, cmd.collectorName, piiCipher().encrypt(collectorIdNumber), piiCipher().hmac(collectorIdNumber), actor.username],
    );
    await tx.query(
      `INSERT INTO certificate_event (certificate_id, at, actor, action, note) SELECT unnest($1::uuid[]), $2, $3, 'collected', $4`,
      [certIds, now, actor.username, `${DELIVERY_METHOD_TEXT.pickup}，领取人${maskName(cmd.collectorName)}`],
    );
    const handoverId = randomUUID();
    const windowNo = cmd.windowNo ?? actor.window ?? null;
    await this.handovers.insert(tx, {
      id: handoverId,
      caseNo,
      collectorName: cmd.collectorName,
      collectorIdNumber,
      capacity: decision.capacity,
      authorisationId: decision.authorisationId ?? null,
      windowNo,
      handedOverBy: actor.username,
      handedOverAt: now,
      signatureSha256: signature,
      certificateIds: certIds,
    });
    await this.clocks.stop(tx, certIds, now);
    const done = await allDelivered(tx, caseNo);
    await this.outbox.addMany(
      tx,
      certs.map((c, i) => ({
        def: Events.certificateCollected,
        data: {
          caseNo,
          certificateId: c.id,
          no: c.no,
          collectedAt: now.toISOString(),
          collectedBy: actor.username,
          allDelivered: i === certs.length - 1 && done,
          ...(windowNo ? { windowNo } : {}),
        },
      })),
    );
    this.logger.log(`case ${caseNo}: ${certs.length} document(s) handed over (${decision.capacity}) by ${actor.username}`);
    const handover = await this.handovers.view(tx, handoverId);
    if (!handover) throw new Error(`hand-over ${handoverId} not found after insert`);
    const collected = await tx.getRepository(Certificate).find({ where: { id: In(certIds) }, order: { itemCode: 'ASC', no: 'ASC' } });
    const numbers = await linkedNumbers(tx, collected);
    return {
      handover,
      certificates: collected.map((c) => ({ ...certificateView(c, numbers), collectorCapacity: decision.capacity, handoverId })),
    };
  }

  /** Which documents, of which case; NOT_FOUND for what does not exist for this caller. */
  private async documents(tx: EntityManager, actor: Actor, cmd: HandOverCommand): Promise<{ caseNo: string; ids: string[] }> {
    // a reviewer hands out only their own department's results; another's do not exist for them
    const visible = (c: { department_code: string | null }) => actor.roles.includes('clerk') || (c.department_code !== null && c.department_code === actor.department);
    if (cmd.certificateIds && cmd.certificateIds.length > 0) {
      const wanted = [...new Set(cmd.certificateIds.map((id) => id.toLowerCase()))];
      const rows = ((await tx.query(`SELECT id, case_no, department_code FROM certificate WHERE id = ANY($1::uuid[])`, [wanted])) as {
        id: string;
        case_no: string;
        department_code: string | null;
      }[]).filter((r) => visible(r) && (!cmd.caseNo || r.case_no === cmd.caseNo));
      if (rows.length !== wanted.length) throw AppError.notFound('certificate');
      const cases = [...new Set(rows.map((r) => r.case_no))];
      if (cases.length > 1) {
        throw new AppError('VALIDATION_FAILED', 'the documents of one hand-over belong to one case', [{ field: 'certificateIds', problem: `documents of ${cases.length} cases` }]);
      }
      return { caseNo: cases[0] as string, ids: wanted };
    }
    if (!cmd.caseNo) throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'certificateIds', problem: 'name the documents or the case' }]);
    const rows = ((await tx.query(`SELECT id, status, standing, department_code FROM certificate WHERE case_no = $1 ORDER BY item_code, no`, [cmd.caseNo])) as {
      id: string;
      status: string;
      standing: string;
      department_code: string | null;
    }[]).filter(visible);
    if (rows.length === 0) throw AppError.notFound('case');
    // a document that no longer stands (revoked, withdrawn, superseded) is not handed out
    const waiting = rows.filter((r) => r.status === 'issued' && r.standing === 'valid');
    if (waiting.length === 0) throw new AppError('ALREADY_COLLECTED', `no document of case ${cmd.caseNo} waits at the pick-up desk (collected or in the post)`);
    return { caseNo: cmd.caseNo, ids: waiting.map((r) => r.id) };
  }
}

/** The signature image's SHA-256 (the image is not kept), or the hash the terminal sent; both must agree. */
function signatureHash(cmd: HandOverCommand, problems: { field: string; problem: string }[]): string | null {
  const given = cmd.signatureSha256?.toLowerCase() ?? null;
  if (!cmd.signatureImageBase64) return given;
  const image = Buffer.from(cmd.signatureImageBase64, 'base64');
  if (image.length === 0) {
    problems.push({ field: 'signatureImageBase64', problem: 'signatureImageBase64 holds no image' });
    return null;
  }
  const computed = createHash('sha256').update(image).digest('hex');
  if (given && given !== computed) problems.push({ field: 'signatureSha256', problem: 'signatureSha256 is not the SHA-256 of signatureImageBase64' });
  return computed;
}
