import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { PreviewTemplateRequest, Rpc, SaveTemplateRequest, type MessageTemplate, type TemplateDetailView, type TemplatePreview, type TemplateView } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

class SaveTemplateBody extends OmitType(SaveTemplateRequest, ['code'] as const) {}
class PreviewTemplateBody extends OmitType(PreviewTemplateRequest, ['code'] as const) {}

/**
 * 短信模板管理: the administrator owns the SMS texts; every save is a new version, recorded with who and why; the
 * notification service checks the code (an unknown one is VALIDATION_FAILED) and the body.
 */
@ApiTags('admin (短信模板管理)')
@Controller('v1/admin/sms-templates')
export class SmsTemplatesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Every SMS template: name, audience, urgent, variables with their descriptions, current version and body, SMS parts needed at worst' })
  list(): Promise<TemplateView[]> {
    return this.rpc.request(Rpc.notification.listTemplates, {});
  }

  @Get(':code')
  @ApiOperation({ summary: 'One template with its version history (newest first); version 0 is the default body in code' })
  get(@Param('code') code: string): Promise<TemplateDetailView> {
    return this.rpc.request(Rpc.notification.getTemplate, { code: code as MessageTemplate });
  }

  @Post(':code/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a body with sample data: the text, its SMS parts, the parts needed at worst, and every problem saving it would meet; nothing is saved' })
  preview(@Param('code') code: string, @Body() body: PreviewTemplateBody): Promise<TemplatePreview> {
    return this.rpc.request(Rpc.notification.previewTemplate, { code: code as MessageTemplate, ...body });
  }

  @Put(':code')
  @ApiOperation({
    summary:
      'Save a new version of a template (the next messages use it): 400 VALIDATION_FAILED listing every problem (unknown variable, braces, signature, too many SMS parts at worst); 409 CONFLICT when expectedVersion is not the current version',
  })
  save(@Param('code') code: string, @Body() body: SaveTemplateBody): Promise<TemplateView> {
    return this.rpc.request(Rpc.notification.saveTemplate, { code: code as MessageTemplate, ...body });
  }
}
