import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, ByCaseNoRequest, ByIdRequest, CollectCertificateRequest, HandOverRequest, RecordAuthorisationRequest, Rpc } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { AuthorisationsRepository } from './authorisations.repository.js';
import { HandOver } from './hand-over.js';
import { HandoversRepository } from './handovers.repository.js';
import { RecordAuthorisation } from './record-authorisation.js';
import { RenderHandoverReceipt } from '../documents/render-handover-receipt.js';

/** 领证 over NATS: thin, one use case (or one read) each. */
@Controller()
export class PickupNats {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly handOver: HandOver,
    private readonly recordAuthorisation: RecordAuthorisation,
    private readonly authorisations: AuthorisationsRepository,
    private readonly handovers: HandoversRepository,
    private readonly receipt: RenderHandoverReceipt,
  ) {}

  /** One document at the window (the contract's `POST /certificates/{id}/collect`): its view, with the capacity. */
  @MessagePattern(Rpc.certificate.collect.subject)
  collect(@Payload() req: CollectCertificateRequest) {
    const { id, ...rest } = req;
    return this.handOver.execute({ ...rest, certificateIds: [id] }, 'certificate.collect', req, (r) => {
      const view = r.certificates[0];
      if (!view) throw new Error('hand-over without its document');
      return view;
    });
  }

  @MessagePattern(Rpc.certificate.handOver.subject)
  handOverMany(@Payload() req: HandOverRequest) {
    return this.handOver.execute(req, 'certificate.handover', req, (r) => r.handover);
  }

  @MessagePattern(Rpc.certificate.listHandovers.subject)
  listHandovers(@Payload() req: ByCaseNoRequest) {
    requireActor('clerk', 'supervisor');
    return this.handovers.ofCase(this.ds.manager, req.caseNo);
  }

  /** The 领证回执 of a hand-over, as PDF (who may see the record may print it). */
  @MessagePattern(Rpc.certificate.handoverReceipt.subject)
  async handoverReceipt(@Payload() req: ByIdRequest) {
    return this.receipt.execute(await this.getHandover(req));
  }

  /** The hand-over record: the data of its receipt (领证回执). */
  @MessagePattern(Rpc.certificate.getHandover.subject)
  async getHandover(@Payload() req: ByIdRequest) {
    const actor = requireActor('clerk', 'supervisor', 'reviewer');
    const h = await this.handovers.view(this.ds.manager, req.id.toLowerCase());
    // a department reviewer sees the receipts of the hand-overs they made, no others
    const mine = actor.roles.includes('clerk') || actor.roles.includes('supervisor') || h?.handedOverBy === actor.username;
    if (!h || !mine) throw AppError.notFound('hand-over');
    return h;
  }

  @MessagePattern(Rpc.certificate.recordAuthorisation.subject)
  record(@Payload() req: RecordAuthorisationRequest) {
    return this.recordAuthorisation.execute(req);
  }

  @MessagePattern(Rpc.certificate.listAuthorisations.subject)
  listAuthorisations(@Payload() req: ByCaseNoRequest) {
    requireActor('clerk', 'supervisor');
    return this.authorisations.views(this.ds.manager, req.caseNo);
  }
}
