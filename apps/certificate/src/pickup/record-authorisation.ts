import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, type AuthorisationView, type RecordAuthorisationRequest } from '@yichuang/contracts';
import { normalizeResidentId } from '@yichuang/domain';
import { Clock, Idempotency, requireActor } from '@yichuang/platform';
import { lockCase } from '../delivery/case-lock.js';
import { AuthorisationsRepository } from './authorisations.repository.js';

/**
 * 授权委托: the window records an agent's letter of authorisation for a case — the agent's name and resident ID
 * number, which documents it covers (every result document of the case when none are named), the SHA-256 of the
 * scanned letter (the scan stays in the archive), who recorded it and when. The agent may then collect those documents.
 */
@Injectable()
export class RecordAuthorisation {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly authorisations: AuthorisationsRepository,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
  ) {}

  async execute(req: RecordAuthorisationRequest): Promise<AuthorisationView> {
    const actor = requireActor('clerk');
    const agentName = req.agentName.trim();
    if (agentName.length === 0) throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'agentName', problem: 'agentName must not be blank' }]);
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'certificate.authorisation.record', req, async () => {
        await lockCase(tx, req.caseNo);
        const known = (await tx.query(
          `SELECT (SELECT array_agg(id::text) FROM certificate WHERE case_no = $1) AS ids, EXISTS (SELECT 1 FROM case_delivery WHERE case_no = $1) AS parties`,
          [req.caseNo],
        )) as { ids: string[] | null; parties: boolean }[];
        const ids = known[0]?.ids ?? [];
        if (ids.length === 0 && !known[0]?.parties) throw AppError.notFound('case');
        const foreign = (req.certificateIds ?? []).filter((id) => !ids.includes(id.toLowerCase()));
        if (foreign.length > 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            `${foreign.length} certificate(s) are not result documents of case ${req.caseNo}`,
            foreign.map((id) => ({ field: 'certificateIds', problem: `${id} is not a result document of this case` })),
          );
        }
        const id = randomUUID();
        await this.authorisations.insert(tx, {
          id,
          caseNo: req.caseNo,
          agentName,
          agentIdNumber: normalizeResidentId(req.agentIdNumber),
          certificateIds: req.certificateIds ? req.certificateIds.map((c) => c.toLowerCase()) : null,
          letterSha256: req.letterSha256.toLowerCase(),
          note: req.note?.trim() || null,
          windowNo: actor.window ?? null,
          recordedBy: actor.username,
          recordedAt: this.clock.now(),
        });
        const view = await this.authorisations.view(tx, id);
        if (!view) throw new Error(`authorisation ${id} not found after insert`);
        return view;
      }),
    );
  }
}
