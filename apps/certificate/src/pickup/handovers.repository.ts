import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HandoverView } from '@yichuang/contracts';
import { COLLECTOR_CAPACITY_TEXT, maskIdNumber, type CollectorCapacity } from '@yichuang/domain';
import { piiCipher } from '@yichuang/platform';

export interface NewHandover {
  id: string;
  caseNo: string;
  collectorName: string;
  collectorIdNumber: string;
  capacity: CollectorCapacity;
  authorisationId: string | null;
  windowNo: string | null;
  handedOverBy: string;
  handedOverAt: Date;
  signatureSha256: string | null;
  certificateIds: string[];
}

interface Row {
  id: string;
  case_no: string;
  collector_name: string;
  collector_id_sealed: string;
  capacity: CollectorCapacity;
  authorisation_id: string | null;
  window_no: string | null;
  handed_over_by: string;
  handed_over_at: Date;
  signature_sha256: string | null;
  holder_name: string | null;
  project: { code: string; name: string } | null;
  documents: { certificateId: string; no: string; typeName: string; itemName: string }[];
  authorisation: { id: string; agentName: string; letterSha256: string; recordedAt: string; recordedBy: string } | null;
}

const SELECT = `
  SELECT h.*,
         (SELECT c.holder_name FROM handover_item i JOIN certificate c ON c.id = i.certificate_id WHERE i.handover_id = h.id LIMIT 1) AS holder_name,
         (SELECT jsonb_build_object('code', d.project->>'code', 'name', d.project->>'name') FROM case_delivery d WHERE d.case_no = h.case_no AND d.project IS NOT NULL) AS project,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('certificateId', c.id, 'no', c.no, 'typeName', c.type_name, 'itemName', c.item_name) ORDER BY c.item_code), '[]'::jsonb)
            FROM handover_item i JOIN certificate c ON c.id = i.certificate_id WHERE i.handover_id = h.id) AS documents,
         (SELECT jsonb_build_object('id', a.id, 'agentName', a.agent_name, 'letterSha256', a.letter_sha256,
                                    'recordedAt', to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'recordedBy', a.recorded_by)
            FROM authorisation a WHERE a.id = h.authorisation_id) AS authorisation
  FROM handover h`;

/** Tables `handover` and `handover_item`: who took which documents, in which capacity, where, when, from whom. */
@Injectable()
export class HandoversRepository {
  async insert(tx: EntityManager, h: NewHandover): Promise<void> {
    await tx.query(
      `WITH h AS (
         INSERT INTO handover (id, case_no, collector_name, collector_id_sealed, collector_id_hmac, capacity, authorisation_id, window_no, handed_over_by, handed_over_at, signature_sha256)
         VALUES ($1, $2, $3, $4, $12, $5, $6, $7, $8, $9, $10) RETURNING id)
       INSERT INTO handover_item (handover_id, certificate_id) SELECT h.id, unnest($11::uuid[]) FROM h`,
      [h.id, h.caseNo, h.collectorName, piiCipher().encrypt(h.collectorIdNumber), h.capacity, h.authorisationId, h.windowNo, h.handedOverBy, h.handedOverAt, h.signatureSha256, h.certificateIds, piiCipher().hmac(h.collectorIdNumber)],
    );
  }

  async view(m: EntityManager, id: string): Promise<HandoverView | undefined> {
    const [r] = (await m.query(`${SELECT} WHERE h.id = $1`, [id])) as Row[];
    return r ? view(r) : undefined;
  }

  async ofCase(m: EntityManager, caseNo: string): Promise<HandoverView[]> {
    return ((await m.query(`${SELECT} WHERE h.case_no = $1 ORDER BY h.handed_over_at, h.id`, [caseNo])) as Row[]).map(view);
  }
}

function view(r: Row): HandoverView {
  return {
    id: r.id,
    caseNo: r.case_no,
    holderName: r.holder_name ?? '',
    ...(r.project ? { project: r.project } : {}),
    collectorName: r.collector_name,
    collectorIdNumber: maskIdNumber(piiCipher().decrypt(r.collector_id_sealed)),
    capacity: r.capacity,
    capacityText: COLLECTOR_CAPACITY_TEXT[r.capacity],
    ...(r.authorisation ? { authorisation: r.authorisation } : {}),
    documents: r.documents,
    ...(r.window_no ? { windowNo: r.window_no } : {}),
    handedOverBy: r.handed_over_by,
    handedOverAt: r.handed_over_at.toISOString(),
    ...(r.signature_sha256 ? { signatureSha256: r.signature_sha256 } : {}),
  };
}
