import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type CommitmentLetterRequest, type PdfDocument } from '@yichuang/contracts';
import { renderCommitmentLetter } from '@yichuang/documents';
import { COMMITMENT_CHECK_WORKING_DAYS, LICENSING_DOCUMENT_KIND_TEXT } from '@yichuang/domain';
import { Clock, requireActor } from '@yichuang/platform';
import { ApplicationsService } from '../applications/applications.service.js';

/**
 * 告知承诺书: the window prints the letter of a notify-and-commit item for the applicant to sign — what the agency
 * tells (the conditions by the item's legal basis, the materials, the follow-up check within
 * COMMITMENT_CHECK_WORKING_DAYS working days, the consequences of a false commitment) and the applicant's
 * commitment with its signature area. Rendered from the application on demand; the signed letter is then
 * recorded at acceptance (`commitment`).
 */
@Injectable()
export class PrintCommitmentLetter {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationsService,
    private readonly clock: Clock,
  ) {}

  async execute(req: CommitmentLetterRequest): Promise<PdfDocument> {
    requireActor('clerk');
    const app = await this.applications.read(this.ds.manager, req.id);
    if (!app) throw AppError.notFound('application');
    const committed = app.items.filter((i) => i.kind === 'notify_commit');
    const item = req.itemCode ? committed.find((i) => i.code === req.itemCode) : committed[0];
    if (!item) {
      throw new AppError('VALIDATION_FAILED', 'the application has no notify-and-commit item of that code', [
        { field: req.itemCode ? 'itemCode' : 'id', problem: 'no notify-and-commit (告知承诺制) item' },
      ]);
    }
    const date = this.clock.today();
    const content = await renderCommitmentLetter({
      issuer: { name: item.department.name },
      item: item.name,
      applicant: { name: app.applicant.name, idNumber: app.applicant.idNumber, phone: app.applicant.phone },
      project: app.project,
      legalBasis: item.legalBasis ?? '',
      conditions: [`符合${item.legalBasis ?? '法律、法规'}规定的${item.name}条件、标准和技术要求`],
      materials: item.materials.filter((m) => m.required).map((m) => m.name),
      checkWorkingDays: COMMITMENT_CHECK_WORKING_DAYS,
      date,
    });
    const title = LICENSING_DOCUMENT_KIND_TEXT.commitment_letter;
    return { title, documentNo: item.name, filename: `commitment-letter-${item.code}.pdf`, contentBase64: content.toString('base64') };
  }
}
