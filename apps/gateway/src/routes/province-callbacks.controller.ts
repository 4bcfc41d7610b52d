import { Controller, HttpCode, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, INBOUND_KINDS, Rpc, type InboundKind } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { callbackHeaders, sendCallbackReply } from './callbacks.controller.js';

/** The provincial platforms' signed pushes (apps/exchange checks the signature and keeps each item once). */
@ApiTags('provincial exchange (省级平台对接)')
@Controller('v1/callbacks/province')
export class ProvinceCallbacksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':kind')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What the provincial 政务服务网 pushes, signed by the province (x-app-key, x-timestamp, x-nonce, x-signature over the exact body): an application made on it (`applications`, handed to intake as an online application), a complaint (`complaints`, to the complaint desk), a 好差评 rating (`ratings`, to evaluation); each kept once by its id; 401 for a bad signature, a stale timestamp or a replayed nonce',
  })
  async post(@Param('kind') kind: string, @Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    if (!(INBOUND_KINDS as readonly string[]).includes(kind)) throw AppError.notFound(`province push ${kind}`);
    const reply = await this.rpc.request(Rpc.exchange.provinceCallback, { kind: kind as InboundKind, headers: callbackHeaders(req), rawBody: req.rawBody?.toString('utf8') ?? '' });
    sendCallbackReply(res, reply);
  }
}
