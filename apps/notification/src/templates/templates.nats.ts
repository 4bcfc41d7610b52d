import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PreviewTemplateRequest, Rpc, SaveTemplateRequest, TemplateCodeRequest } from '@yichuang/contracts';
import { ManageTemplates } from './manage-templates.js';

/** 短信模板管理 over NATS (the gateway's /api/v1/admin/sms-templates). */
@Controller()
export class TemplatesNats {
  constructor(private readonly templates: ManageTemplates) {}

  @MessagePattern(Rpc.notification.listTemplates.subject)
  list() {
    return this.templates.list();
  }

  @MessagePattern(Rpc.notification.getTemplate.subject)
  get(@Payload() req: TemplateCodeRequest) {
    return this.templates.get(req.code);
  }

  @MessagePattern(Rpc.notification.previewTemplate.subject)
  preview(@Payload() req: PreviewTemplateRequest) {
    return this.templates.preview(req);
  }

  @MessagePattern(Rpc.notification.saveTemplate.subject)
  save(@Payload() req: SaveTemplateRequest) {
    return this.templates.save(req);
  }
}
