import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, ListAlarmsRequest, Rpc, type AlarmView } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { UuidParam } from '../http/pipes.js';

@ApiTags('supervision (电子监察)')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('alarms')
  @ApiOperation({
    summary:
      "Open alarms, newest first: the window's (Art. 32 deemed acceptance), the back office's (task due soon / overdue) and the delivery's (Art. 44 delivery due soon / overdue, mail returned or refused)",
  })
  async alarms(@Query() q: ListAlarmsRequest): Promise<AlarmView[]> {
    const [intake, review, delivery] = await Promise.all([
      this.rpc.request(Rpc.intake.listAlarms, q),
      this.rpc.request(Rpc.review.listAlarms, q),
      this.rpc.request(Rpc.certificate.listAlarms, q),
    ]);
    return [...intake, ...review, ...delivery].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : a.id < b.id ? -1 : 1));
  }

  @Post('alarms/:id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alarm of either kind (it leaves the open list)' })
  async acknowledge(@Param('id', UuidParam) id: string): Promise<AlarmView> {
    // alarm ids are UUIDs, unique across the services: a task alarm, else a delivery alarm, else the window's
    for (const def of [Rpc.review.acknowledgeAlarm, Rpc.certificate.acknowledgeAlarm]) {
      try {
        return await this.rpc.request(def, { id });
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      }
    }
    return this.rpc.request(Rpc.intake.acknowledgeAlarm, { id });
  }

  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({ summary: "Run the time-limit checks now, the window's, the back office's and the delivery's (Art. 44, pick-up reminders); they also run every minute" })
  async sweep(): Promise<{ raised: number; intake: number; review: number; delivery: number; reminders: number }> {
    const [intake, review, delivery] = await Promise.all([
      this.rpc.request(Rpc.intake.sweep, {}),
      this.rpc.request(Rpc.review.sweepAlarms, {}),
      this.rpc.request(Rpc.certificate.sweepAlarms, {}),
    ]);
    return { raised: intake.raised + review.raised + delivery.raised, intake: intake.raised, review: review.raised, delivery: delivery.raised, reminders: delivery.reminders };
  }
}
