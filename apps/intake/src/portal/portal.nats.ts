import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PortalCodeRequest, PortalVerifyRequest, Rpc } from '@yichuang/contracts';
import { PortalService } from './portal.service.js';

@Controller()
export class PortalNats {
  constructor(private readonly portal: PortalService) {}

  @MessagePattern(Rpc.intake.portalRequestCode.subject)
  requestCode(@Payload() req: PortalCodeRequest) {
    return this.portal.requestCode(req);
  }

  @MessagePattern(Rpc.intake.portalVerifyCode.subject)
  verifyCode(@Payload() req: PortalVerifyRequest) {
    return this.portal.verifyCode(req);
  }

  @MessagePattern(Rpc.intake.portalOverview.subject)
  overview() {
    return this.portal.overview();
  }
}
