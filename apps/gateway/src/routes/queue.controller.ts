import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppError } from '@yichuang/contracts';
import { Public, Roles } from '../http/auth.js';

const LATER = () => new AppError('NOT_IMPLEMENTED', 'the hall queue comes with the comprehensive-window issue');

@ApiTags('queue (排队叫号)')
@Controller('v1/queue')
export class QueueController {
  @Public()
  @Post('tickets')
  ticket() {
    throw LATER();
  }

  @Roles('clerk', 'consultant')
  @Post('call-next')
  callNext() {
    throw LATER();
  }

  @Public()
  @Get('board')
  board() {
    throw LATER();
  }
}
