import { Controller, Get, HttpCode, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, Rpc, type ProviderCallbackReply } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

/** The headers passed on to the provider (lower-case): the body's type and the signature headers of signed pushes. */
export const CALLBACK_HEADERS = ['content-type', 'x-app-key', 'x-timestamp', 'x-nonce', 'x-signature'] as const;

/** Query parameters of platforms that sign in the URL (WeChat), passed on as these headers. */
export const CALLBACK_QUERY_HEADERS = {
  signature: 'x-wechat-signature',
  timestamp: 'x-wechat-timestamp',
  nonce: 'x-wechat-nonce',
  echostr: 'x-wechat-echostr',
} as const;

const PROVIDER = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Message platforms' delivery-receipt callbacks (短信状态报告, WeChat event pushes): public, verified by the
 * notification service's provider of that name (it holds the secrets and the nonces). The gateway passes on the
 * exact body and only the headers in CALLBACK_HEADERS and CALLBACK_QUERY_HEADERS, and answers the provider's status
 * and body (a string as text/plain: WeChat expects `success`); 401 when the provider rejects the signature.
 */
@ApiTags('callbacks (短信状态报告, 微信事件推送)')
@Controller('v1/callbacks')
export class CallbacksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A message platform's receipt callback, passed to the notification service's provider of that name (http: signed like the EMS webhook; wechat: signature, timestamp, nonce in the query); answers what the provider says, 401 for a bad signature, a stale timestamp or a replayed nonce, 404 for an unknown provider",
  })
  post(@Param('provider') provider: string, @Req() req: RawBodyRequest<Request>, @Res() res: Response) {
    return this.forward(provider, req, res);
  }

  @Get(':provider')
  @ApiOperation({ summary: "A platform's check of the callback URL (WeChat: answers `echostr` when the signature is good)" })
  check(@Param('provider') provider: string, @Req() req: RawBodyRequest<Request>, @Res() res: Response) {
    return this.forward(provider, req, res);
  }

  /** answers itself (the provider's status, which Nest's reply would overwrite with the route's) */
  private async forward(provider: string, req: RawBodyRequest<Request>, res: Response): Promise<void> {
    if (!PROVIDER.test(provider)) throw AppError.notFound(`message provider ${provider}`);
    const headers = callbackHeaders(req);
    for (const [param, name] of Object.entries(CALLBACK_QUERY_HEADERS)) {
      const v = req.query[param];
      if (typeof v === 'string') headers[name] = v.slice(0, 512);
    }
    const rawBody = req.method === 'GET' ? '' : (req.rawBody?.toString('utf8') ?? '');
    sendCallbackReply(res, await this.rpc.request(Rpc.notification.providerCallback, { provider, headers, rawBody }));
  }
}

/** the headers of a signed callback passed on to the service that checks it (CALLBACK_HEADERS, each cut to 512) */
export function callbackHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of CALLBACK_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v.slice(0, 512);
  }
  return headers;
}

/** the service's answer to a callback, its status (2xx–5xx, else 200) and body (text or JSON) as it gave them */
export function sendCallbackReply(res: Response, reply: ProviderCallbackReply): void {
  res.status(Number.isInteger(reply.status) && reply.status >= 200 && reply.status < 600 ? reply.status : 200);
  if (typeof reply.body === 'string') res.type('text/plain').send(reply.body);
  else res.json(reply.body ?? {});
}
