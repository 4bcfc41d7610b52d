import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateDepartmentRequest,
  CreateSectionRequest,
  CreateWindowRequest,
  DepartmentCodeRequest,
  ListDepartmentsRequest,
  ListHallWindowsRequest,
  RetireDepartmentRequest,
  RetireWindowRequest,
  Rpc,
  SectionsOfDepartmentRequest,
  SetWindowDutyRequest,
  UpdateDepartmentRequest,
  UpdateSectionRequest,
  UpdateWindowRequest,
  WindowNoRequest,
} from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { DepartmentsService } from './departments.service.js';
import { WindowsService } from './windows.service.js';

/** 大厅配置: departments, sections and windows; reads for the administrator and the supervisor, changes for the administrator. */
@Controller()
export class HallNats {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly windows: WindowsService,
  ) {}

  @MessagePattern(Rpc.admin.listDepartments.subject)
  listDepartments(@Payload() req: ListDepartmentsRequest) {
    requireActor('admin', 'supervisor');
    return this.departments.list(req.active);
  }

  @MessagePattern(Rpc.admin.getDepartment.subject)
  getDepartment(@Payload() req: DepartmentCodeRequest) {
    requireActor('admin', 'supervisor');
    return this.departments.get(req.code);
  }

  @MessagePattern(Rpc.admin.createDepartment.subject)
  createDepartment(@Payload() req: CreateDepartmentRequest) {
    requireActor('admin');
    return this.departments.create(req);
  }

  @MessagePattern(Rpc.admin.updateDepartment.subject)
  updateDepartment(@Payload() req: UpdateDepartmentRequest) {
    requireActor('admin');
    return this.departments.update(req);
  }

  @MessagePattern(Rpc.admin.retireDepartment.subject)
  retireDepartment(@Payload() req: RetireDepartmentRequest) {
    requireActor('admin');
    return this.departments.retire(req);
  }

  @MessagePattern(Rpc.admin.deleteDepartment.subject)
  deleteDepartment(@Payload() req: DepartmentCodeRequest) {
    requireActor('admin');
    return this.departments.remove(req.code);
  }

  @MessagePattern(Rpc.admin.createSection.subject)
  createSection(@Payload() req: CreateSectionRequest) {
    requireActor('admin');
    return this.departments.createSection(req);
  }

  @MessagePattern(Rpc.admin.updateSection.subject)
  updateSection(@Payload() req: UpdateSectionRequest) {
    requireActor('admin');
    return this.departments.updateSection(req);
  }

  /** Internal (review's joint meetings): the department's active sections. */
  @MessagePattern(Rpc.admin.sectionsOf.subject)
  sectionsOf(@Payload() req: SectionsOfDepartmentRequest) {
    return this.departments.sectionsOf(req.department);
  }

  @MessagePattern(Rpc.admin.listHallWindows.subject)
  listWindows(@Payload() req: ListHallWindowsRequest) {
    requireActor('admin', 'supervisor');
    return this.windows.list(req);
  }

  @MessagePattern(Rpc.admin.getWindow.subject)
  getWindow(@Payload() req: WindowNoRequest) {
    requireActor('admin', 'supervisor');
    return this.windows.get(req.no);
  }

  @MessagePattern(Rpc.admin.createWindow.subject)
  createWindow(@Payload() req: CreateWindowRequest) {
    requireActor('admin');
    return this.windows.create(req);
  }

  @MessagePattern(Rpc.admin.updateWindow.subject)
  updateWindow(@Payload() req: UpdateWindowRequest) {
    requireActor('admin');
    return this.windows.update(req);
  }

  @MessagePattern(Rpc.admin.retireWindow.subject)
  retireWindow(@Payload() req: RetireWindowRequest) {
    requireActor('admin');
    return this.windows.retire(req);
  }

  @MessagePattern(Rpc.admin.setWindowDuty.subject)
  setDuty(@Payload() req: SetWindowDutyRequest) {
    requireActor('admin');
    return this.windows.setDuty(req);
  }
}
