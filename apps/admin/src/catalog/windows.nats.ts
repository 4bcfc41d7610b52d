import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Rpc, type WindowView } from '@yichuang/contracts';
import { HallWindow } from './catalog.entities.js';

@Controller()
export class WindowsNats {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The hall's windows and the queue categories each one calls. */
  @MessagePattern(Rpc.admin.listWindows.subject)
  async list(): Promise<WindowView[]> {
    const rows = await this.ds.getRepository(HallWindow).find({ order: { no: 'ASC' } });
    return rows.map((w) => ({ no: w.no, name: w.name, kind: w.kind, categories: w.categories }));
  }
}
