import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaskSuspendedV1 } from '@yichuang/contracts';
import type { SpecialProcedureNoticeData } from '@yichuang/documents';
import { chinaToday } from '@yichuang/domain';
import { CalendarClient } from '@yichuang/platform';
import type { CaseFile } from '../cases/case.entities.js';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';
import { DocumentsService } from './documents.service.js';

/**
 * Art. 45: when a special procedure stops a department's clock, the applicant is told in writing how long it will
 * take — the 特别程序告知书, numbered among the window's documents, its content fixed now (the PDF rendered when
 * first printed: `GET /api/v1/cases/{caseNo}/documents/special_procedure_notice?documentNo=`).
 */
@Injectable()
export class RecordSpecialProcedureNotice {
  constructor(
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly documents: DocumentsService,
    private readonly calendar: CalendarClient,
  ) {}

  async execute(tx: EntityManager, c: CaseFile, d: TaskSuspendedV1): Promise<string | undefined> {
    if (d.kind !== 'special_procedure' || !d.procedure) return undefined;
    const at = new Date(d.at);
    const noticeDate = chinaToday(at);
    const item = c.items.find((i) => i.itemCode === d.itemCode);
    const [app] = (await tx.query(`SELECT received_date::text AS received FROM application WHERE id = $1`, [c.applicationId])) as { received: string }[];
    const days = d.expectedWorkingDays ?? 0;
    let expectedEndDate: string | undefined;
    try {
      if (days > 0) expectedEndDate = (await this.calendar.calendar()).addWorkingDays(noticeDate, days);
    } catch {
      expectedEndDate = undefined; // the notice states the working days; the date is a courtesy
    }
    const documentNo = await this.documents.nextNumber(tx, 'special_procedure_notice', Number(noticeDate.slice(0, 4)));
    const data: SpecialProcedureNoticeData = {
      issuer: { name: item?.departmentName ?? this.env.HALL_AGENCY },
      documentNo,
      applicant: { name: c.applicant.name, idNumber: c.applicant.idNumber },
      item: item?.itemName ?? d.itemCode,
      project: { code: c.project.code, name: c.project.name, location: c.project.location },
      caseNo: c.caseNo,
      applicationDate: app?.received ?? c.acceptedDate,
      acceptedDate: c.acceptedDate,
      noticeDate,
      procedure: d.procedure,
      reason: d.reason,
      workingDays: days,
      startDate: noticeDate,
      ...(expectedEndDate ? { expectedEndDate } : {}),
      contact: { name: this.env.HALL_AGENCY, phone: this.env.HALL_PHONE },
    };
    await this.documents.record(tx, { kind: 'special_procedure_notice', applicationId: c.applicationId, caseNo: c.caseNo, round: 0, documentNo, data, by: d.departmentCode, at });
    return documentNo;
  }
}
