import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicantSnapshot, DeliveryChoice, ProjectSnapshot } from '@yichuang/contracts';
import { openPii, sealPii } from '@yichuang/platform';

/** Who may collect a case's results and how they are to be delivered, as intake's events told (personal data). */
export interface CaseDelivery {
  caseNo: string;
  applicant: ApplicantSnapshot;
  project: ProjectSnapshot | null;
  delivery: DeliveryChoice;
}

interface Row {
  case_no: string;
  applicant: ApplicantSnapshot;
  project: ProjectSnapshot | null;
  delivery: DeliveryChoice;
}

/** Table `case_delivery`: one row per case, refreshed by every event that carries the applicant. */
@Injectable()
export class CaseDeliveryRepository {
  /** The latest word wins (case.accepted, then case.decided / item.released); fields an older event lacks are kept. */
  async record(tx: EntityManager, c: { caseNo: string; applicant: ApplicantSnapshot; project?: ProjectSnapshot; delivery?: DeliveryChoice }, at: Date): Promise<void> {
    // intake's events carry the numbers masked with each sealed beside (`idNumberSealed`); stored the same way
    return this.store(tx, { ...c, applicant: openPii(c.applicant) }, at);
  }

  private async store(tx: EntityManager, c: { caseNo: string; applicant: ApplicantSnapshot; project?: ProjectSnapshot; delivery?: DeliveryChoice }, at: Date): Promise<void> {
    const applicant: ApplicantSnapshot = {
      kind: c.applicant.kind,
      name: c.applicant.name,
      idNumber: c.applicant.idNumber,
      phone: c.applicant.phone,
      ...(c.applicant.agentName ? { agentName: c.applicant.agentName } : {}),
      ...(c.applicant.legalRepresentative ? { legalRepresentative: { name: c.applicant.legalRepresentative.name, idNumber: c.applicant.legalRepresentative.idNumber } } : {}),
      ...(c.applicant.contact ? { contact: { name: c.applicant.contact.name, idNumber: c.applicant.contact.idNumber, phone: c.applicant.contact.phone } } : {}),
    };
    await tx.query(
      `INSERT INTO case_delivery (case_no, applicant, project, delivery, updated_at) VALUES ($1, $2, $3, coalesce($4::jsonb, '{"method":"pickup"}'::jsonb), $5)
       ON CONFLICT (case_no) DO UPDATE SET applicant = excluded.applicant, project = coalesce(excluded.project, case_delivery.project),
         delivery = coalesce($4::jsonb, case_delivery.delivery), updated_at = excluded.updated_at`,
      [c.caseNo, JSON.stringify(sealPii(applicant)), c.project ? JSON.stringify({ code: c.project.code, name: c.project.name, location: c.project.location }) : null, c.delivery ? JSON.stringify(c.delivery) : null, at],
    );
  }

  async find(m: EntityManager, caseNo: string): Promise<CaseDelivery | undefined> {
    const [r] = (await m.query(`SELECT case_no, applicant, project, delivery FROM case_delivery WHERE case_no = $1`, [caseNo])) as Row[];
    return r ? { caseNo: r.case_no, applicant: openPii(r.applicant), project: r.project, delivery: r.delivery } : undefined;
  }
}
