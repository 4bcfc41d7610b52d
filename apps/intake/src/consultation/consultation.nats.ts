import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CloseConsultationRequest, CreateConsultationRequest, ListConsultationsRequest, OnlineComplaintRequest, ProvinceComplaintRequest, ReplyComplaintRequest, Rpc, RouteComplaintRequest } from '@yichuang/contracts';
import { ConsultationService } from './consultation.service.js';

@Controller()
export class ConsultationNats {
  constructor(private readonly consultations: ConsultationService) {}

  @MessagePattern(Rpc.intake.createConsultation.subject)
  create(@Payload() req: CreateConsultationRequest) {
    return this.consultations.create(req);
  }

  @MessagePattern(Rpc.intake.listConsultations.subject)
  list(@Payload() req: ListConsultationsRequest) {
    return this.consultations.list(req);
  }

  @MessagePattern(Rpc.intake.closeConsultation.subject)
  close(@Payload() req: CloseConsultationRequest) {
    return this.consultations.close(req.id, req.resolution);
  }

  @MessagePattern(Rpc.intake.submitComplaintOnline.subject)
  submitOnline(@Payload() req: OnlineComplaintRequest) {
    return this.consultations.submitOnline(req);
  }

  @MessagePattern(Rpc.intake.submitComplaintFromProvince.subject)
  submitFromProvince(@Payload() req: ProvinceComplaintRequest) {
    return this.consultations.submitFromProvince(req);
  }

  @MessagePattern(Rpc.intake.routeComplaint.subject)
  route(@Payload() req: RouteComplaintRequest) {
    return this.consultations.route(req);
  }

  @MessagePattern(Rpc.intake.replyComplaint.subject)
  reply(@Payload() req: ReplyComplaintRequest) {
    return this.consultations.reply(req);
  }
}
