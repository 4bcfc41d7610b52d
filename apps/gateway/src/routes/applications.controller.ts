import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { AddMaterialsRequest, AppError, CreateApplicationRequest, PrecheckRequest, RejectRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { Roles } from '../http/auth.js';
import { UuidParam } from '../http/pipes.js';

class AddMaterialsBody extends OmitType(AddMaterialsRequest, ['id'] as const) {}
class PrecheckBody extends OmitType(PrecheckRequest, ['id'] as const) {}
class RejectBody extends OmitType(RejectRequest, ['id'] as const) {}

@ApiTags('applications (申报 → 受理)')
@Controller('v1/applications')
@Roles('clerk')
export class ApplicationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Create an application (honours Idempotency-Key); 400 lists every problem, catalogue checks included' })
  @ApiBody({ type: CreateApplicationRequest })
  create(@Body() body: unknown) {
    // validated by intake together with the catalogue checks, so the answer lists every problem at once
    return this.rpc.request(Rpc.intake.createApplication, body as CreateApplicationRequest);
  }

  @Get(':id')
  @Roles('clerk', 'supervisor')
  get(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.intake.getApplication, { id });
  }

  @Post(':id/materials')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add supplemented materials' })
  addMaterials(@Param('id', UuidParam) id: string, @Body() body: AddMaterialsBody) {
    return this.rpc.request(Rpc.intake.addMaterials, { id, ...body });
  }

  @Post(':id/precheck')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pre-check (初审): lists every problem at once' })
  precheck(@Param('id', UuidParam) id: string, @Body() body: PrecheckBody) {
    return this.rpc.request(Rpc.intake.precheck, { id, ...body });
  }

  @Get(':id/one-time-notice.pdf')
  oneTimeNotice(@Param('id', UuidParam) _id: string) {
    throw new AppError('NOT_IMPLEMENTED', 'the one-time notice PDF comes with the comprehensive-window issue');
  }

  @Post(':id/accept')
  @ApiOperation({ summary: 'Accept (受理): case number and one review task per department item; 409 MATERIALS_INCOMPLETE' })
  accept(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.intake.accept, { id });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject (不予受理) with a reason and, where it is another agency’s matter, which one' })
  reject(@Param('id', UuidParam) id: string, @Body() body: RejectBody) {
    return this.rpc.request(Rpc.intake.reject, { id, ...body });
  }
}
