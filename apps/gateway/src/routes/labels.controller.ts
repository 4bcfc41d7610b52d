import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LABELS } from '@yichuang/domain';

/** `{list: {code: Chinese name}}` for every code list of libs/domain's labels (a copy: LABELS stays frozen). */
const ANSWER: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze(
  Object.fromEntries(Object.entries(LABELS).map(([list, { texts }]) => [list, Object.freeze({ ...texts })])),
);

/**
 * The names a terminal shows for the codes the API answers (statuses, procedures, outcomes, channels, …): the
 * same words the SMS, the documents and the case's timeline use, so no terminal keeps its own translation.
 */
@ApiTags('labels (标签)')
@Controller('v1')
export class LabelsController {
  @Get('labels')
  @ApiOperation({ summary: 'The Chinese name of every code the API answers, by code list (e.g. procedure.expert_review = 专家评审)' })
  labels(): Readonly<Record<string, Readonly<Record<string, string>>>> {
    return ANSWER;
  }
}
