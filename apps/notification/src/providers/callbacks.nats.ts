import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppError, ProviderCallbackRequest, Rpc, type ProviderCallbackReply } from '@yichuang/contracts';
import { CallbackRejected, type MessageProvider } from './provider.js';
import { MESSAGE_PROVIDERS, ReceiptRecorder } from './registry-tokens.js';

/**
 * Answers `yc.rpc.notification.provider-callback.v1`: a platform's receipt callback as the gateway received it
 * (`POST /api/v1/callbacks/{provider}`). The provider of that name verifies and parses it; each receipt is recorded
 * (`ReceiptRecorder`, idempotent), and each reply (上行短信) too, before the platform gets its expected answer, so a failure to record makes the
 * platform push again. Unknown provider (or one that takes no callbacks) → NOT_FOUND; a callback the provider does
 * not trust → UNAUTHORIZED with its reason.
 */
@Controller()
export class ProviderCallbacksController {
  private readonly logger = new Logger('ProviderCallbacks');

  constructor(
    @Inject(MESSAGE_PROVIDERS) private readonly providers: MessageProvider[],
    private readonly recorder: ReceiptRecorder,
  ) {}

  @MessagePattern(Rpc.notification.providerCallback.subject)
  async receive(@Payload() req: ProviderCallbackRequest): Promise<ProviderCallbackReply> {
    const provider = this.providers.find((p) => p.name === req.provider);
    if (!provider?.handleCallback) throw AppError.notFound(`message provider ${req.provider}`);
    // only string values, lower-case names (the gateway sends them so; a hand-made request may not)
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) if (typeof value === 'string') headers[name.toLowerCase()] = value;
    let result;
    try {
      result = await provider.handleCallback({ headers, rawBody: req.rawBody });
    } catch (err) {
      if (err instanceof CallbackRejected) {
        this.logger.warn(`callback for ${provider.name} rejected: ${err.message}`);
        throw new AppError('UNAUTHORIZED', `the callback was rejected: ${err.message}`, [{ field: 'signature', problem: err.message }]);
      }
      throw err;
    }
    let matched = 0;
    for (const receipt of result.receipts) if (await this.recorder.record(provider.name, receipt)) matched++;
    if (result.receipts.length > 0) this.logger.log(`callback for ${provider.name}: ${result.receipts.length} receipt(s), ${matched} matched an attempt`);
    for (const reply of result.replies ?? []) await this.recorder.recordReply(provider.name, reply);
    if ((result.replies ?? []).length > 0) this.logger.log(`callback for ${provider.name}: ${result.replies?.length ?? 0} reply(ies) recorded`);
    return { status: result.status, body: result.body };
  }
}
