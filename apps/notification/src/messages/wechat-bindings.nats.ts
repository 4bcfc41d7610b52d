import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc, WechatBindRequest, WechatUnbindRequest } from '@yichuang/contracts';
import { WechatBindings } from './wechat-bindings.js';

/** 关注绑定 over NATS (the gateway's public `POST`/`DELETE /api/v1/cases/{caseNo}/wechat`). */
@Controller()
export class WechatBindingsNats {
  constructor(private readonly bindings: WechatBindings) {}

  @MessagePattern(Rpc.notification.wechatBind.subject)
  bind(@Payload() req: WechatBindRequest) {
    return this.bindings.bind(req);
  }

  @MessagePattern(Rpc.notification.wechatUnbind.subject)
  unbind(@Payload() req: WechatUnbindRequest) {
    return this.bindings.unbind(req);
  }
}
