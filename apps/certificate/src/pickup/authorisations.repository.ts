import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthorisationView } from '@yichuang/contracts';
import { maskIdNumber } from '@yichuang/domain';
import { normaliseIdNumber, piiCipher } from '@yichuang/platform';
import type { RecordedAuthorisation } from './identity.js';

interface Row {
  id: string;
  case_no: string;
  agent_name: string;
  agent_id_sealed: string;
  certificate_ids: string[] | null;
  letter_sha256: string;
  note: string | null;
  window_no: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface NewAuthorisation {
  id: string;
  caseNo: string;
  agentName: string;
  agentIdNumber: string;
  certificateIds: string[] | null;
  letterSha256: string;
  note: string | null;
  windowNo: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Table `authorisation`: letters of authorisation (授权委托书) recorded at the window, per case. */
@Injectable()
export class AuthorisationsRepository {
  async insert(tx: EntityManager, a: NewAuthorisation): Promise<void> {
    await tx.query(
      `INSERT INTO authorisation (id, case_no, agent_name, agent_id_sealed, agent_id_hmac, certificate_ids, letter_sha256, note, window_no, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11)`,
      [a.id, a.caseNo, a.agentName, piiCipher().encrypt(a.agentIdNumber), piiCipher().hmac(a.agentIdNumber), a.certificateIds, a.letterSha256, a.note, a.windowNo, a.recordedBy, a.recordedAt],
    );
  }

  /**
   * For the identity check of `collectorIdNumber`: the authorisations of the case, found by the number's lookup hash
   * (`agent_id_hmac`) without opening any sealed number — an agent with that hash has exactly that number; any other
   * agent's number is left empty (it can only differ from the collector's).
   */
  async ofCaseFor(m: EntityManager, caseNo: string, collectorIdNumber: string): Promise<RecordedAuthorisation[]> {
    const rows = (await m.query(
      `SELECT id, agent_name, certificate_ids, agent_id_hmac = $2 AS theirs FROM authorisation WHERE case_no = $1 ORDER BY recorded_at, id`,
      [caseNo, piiCipher().hmac(collectorIdNumber)],
    )) as { id: string; agent_name: string; certificate_ids: string[] | null; theirs: boolean }[];
    const own = normaliseIdNumber(collectorIdNumber);
    return rows.map((r) => ({ id: r.id, agentName: r.agent_name, agentIdNumber: r.theirs ? own : '', certificateIds: r.certificate_ids }));
  }

  async views(m: EntityManager, caseNo: string): Promise<AuthorisationView[]> {
    return (await this.rows(m, caseNo)).map(view);
  }

  async view(m: EntityManager, id: string): Promise<AuthorisationView | undefined> {
    const [r] = (await m.query(`SELECT * FROM authorisation WHERE id = $1`, [id])) as Row[];
    return r ? view(r) : undefined;
  }

  private async rows(m: EntityManager, caseNo: string): Promise<Row[]> {
    return (await m.query(`SELECT * FROM authorisation WHERE case_no = $1 ORDER BY recorded_at, id`, [caseNo])) as Row[];
  }
}

function view(r: Row): AuthorisationView {
  return {
    id: r.id,
    caseNo: r.case_no,
    agentName: r.agent_name,
    agentIdNumber: maskIdNumber(piiCipher().decrypt(r.agent_id_sealed)),
    scope: r.certificate_ids ? 'documents' : 'case',
    certificateIds: r.certificate_ids ?? [],
    letterSha256: r.letter_sha256,
    ...(r.note ? { note: r.note } : {}),
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at.toISOString(),
    ...(r.window_no ? { windowNo: r.window_no } : {}),
  };
}
