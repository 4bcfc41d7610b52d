import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CreateApplicationRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

/** The online portal (网上申报): what applicants do themselves. */
@ApiTags('portal (网上申报)')
@Controller('v1/portal')
export class PortalController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('applications')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: "The applicant's own online submission (channel online); checked like any application; rate limited" })
  @ApiBody({ type: CreateApplicationRequest })
  submit(@Body() body: unknown) {
    return this.rpc.request(Rpc.intake.submitOnline, body as CreateApplicationRequest);
  }
}
