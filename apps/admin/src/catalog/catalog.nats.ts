import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListItemsRequest, ResolveItemsRequest, Rpc, UpdateItemRequest } from '@yichuang/contracts';
import { CatalogService } from './catalog.service.js';

@Controller()
export class CatalogNats {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(Rpc.admin.listItems.subject)
  list(@Payload() req: ListItemsRequest) {
    return this.catalog.list(req.stage);
  }

  @MessagePattern(Rpc.admin.updateItem.subject)
  update(@Payload() req: UpdateItemRequest) {
    return this.catalog.update(req);
  }

  @MessagePattern(Rpc.admin.catalogVersions.subject)
  versions() {
    return this.catalog.versions();
  }

  @MessagePattern(Rpc.admin.catalogSnapshot.subject)
  snapshot() {
    return this.catalog.snapshot();
  }

  @MessagePattern(Rpc.admin.resolveItems.subject)
  resolve(@Payload() req: ResolveItemsRequest) {
    return this.catalog.resolve(req.codes);
  }
}
