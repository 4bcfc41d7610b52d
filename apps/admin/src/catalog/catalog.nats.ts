import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListItemsRequest, ResolveItemsRequest, Rpc } from '@yichuang/contracts';
import { CatalogService } from './catalog.service.js';

@Controller()
export class CatalogNats {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(Rpc.admin.listItems.subject)
  list(@Payload() req: ListItemsRequest) {
    return this.catalog.list(req.stage);
  }

  @MessagePattern(Rpc.admin.resolveItems.subject)
  resolve(@Payload() req: ResolveItemsRequest) {
    return this.catalog.resolve(req.codes);
  }
}
