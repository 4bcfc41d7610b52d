import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { ReviewEnv } from './config.js';
import { ReviewTask, TaskAction } from './tasks/task.entities.js';
import { TasksService } from './tasks/tasks.service.js';
import { TasksNats } from './tasks/tasks.nats.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';

/** The back office (后台分类办理): departmental review tasks. */
@Module({})
export class ReviewModule {
  static forRoot(env: ReviewEnv): DynamicModule {
    return {
      module: ReviewModule,
      imports: [ServicePlatformModule.forRoot({ service: 'review', env, entities: [ReviewTask, TaskAction], migrations: [Init1764100000000] })],
      controllers: [TasksNats],
      providers: [TasksService],
    };
  }
}
