import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateItemRequest, ItemGuideRequest, ListItemsRequest, ResolveItemsRequest, RetireItemRequest, Rpc, StageGuideRequest, UpdateItemRequest } from '@yichuang/contracts';
import { CatalogService } from './catalog.service.js';
import { GuideService } from './guide.service.js';

@Controller()
export class CatalogNats {
  constructor(
    private readonly catalog: CatalogService,
    private readonly guides: GuideService,
  ) {}

  @MessagePattern(Rpc.admin.listItems.subject)
  list(@Payload() req: ListItemsRequest) {
    return this.catalog.list(req.stage);
  }

  @MessagePattern(Rpc.admin.updateItem.subject)
  update(@Payload() req: UpdateItemRequest) {
    return this.catalog.update(req);
  }

  @MessagePattern(Rpc.admin.createItem.subject)
  create(@Payload() req: CreateItemRequest) {
    return this.catalog.create(req);
  }

  @MessagePattern(Rpc.admin.retireItem.subject)
  retire(@Payload() req: RetireItemRequest) {
    return this.catalog.retire(req);
  }

  @MessagePattern(Rpc.admin.scheduledCatalogChanges.subject)
  scheduled() {
    return this.catalog.scheduled();
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

  @MessagePattern(Rpc.admin.itemGuide.subject)
  itemGuide(@Payload() req: ItemGuideRequest) {
    return this.guides.item(req.code);
  }

  @MessagePattern(Rpc.admin.stageGuide.subject)
  stageGuide(@Payload() req: StageGuideRequest) {
    return this.guides.stage(req.stage);
  }
}
