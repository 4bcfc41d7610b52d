import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Rpc, type WindowView } from '@yichuang/contracts';
import { WindowsService } from '../hall/windows.service.js';

@Controller()
export class WindowsNats {
  constructor(private readonly windows: WindowsService) {}

  /** The hall's active windows and the queue categories each one calls (intake's queue keeps a copy). */
  @MessagePattern(Rpc.admin.listWindows.subject)
  list(): Promise<WindowView[]> {
    return this.windows.forQueue();
  }
}
