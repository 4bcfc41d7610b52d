import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateDepartmentBody,
  CreateSectionBody,
  CreateWindowBody,
  ListDepartmentsRequest,
  ListHallWindowsRequest,
  RetireBody,
  Rpc,
  SetWindowDutyBody,
  UpdateDepartmentBody,
  UpdateSectionBody,
  UpdateWindowBody,
} from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

/** 大厅配置: departments and their sections, windows and their duty roster (admin; the supervisor reads). */
@ApiTags('admin (大厅配置: 部门、科室、窗口)')
@Controller('v1/admin')
@ApiBearerAuth()
export class HallAdminController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('departments')
  @ApiOperation({ summary: 'The departments with their sections, active items and staff counts; filter: active' })
  departments(@Query() q: ListDepartmentsRequest) {
    return this.rpc.request(Rpc.admin.listDepartments, q);
  }

  @Get('departments/:code')
  @ApiOperation({ summary: 'One department with its sections (404 when unknown)' })
  department(@Param('code') code: string) {
    return this.rpc.request(Rpc.admin.getDepartment, { code });
  }

  @Post('departments')
  @ApiOperation({ summary: 'Create a department (code, name, full name, short name for document numbers, phone, address of its business window); 409 when the code exists' })
  createDepartment(@Body() body: CreateDepartmentBody) {
    return this.rpc.request(Rpc.admin.createDepartment, body);
  }

  @Put('departments/:code')
  @ApiOperation({ summary: 'Edit a department on the version read (409 CONFLICT when stale)' })
  updateDepartment(@Param('code') code: string, @Body() body: UpdateDepartmentBody) {
    return this.rpc.request(Rpc.admin.updateDepartment, { ...body, code });
  }

  @Post('departments/:code/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire (停用) a department: 409 INVALID_STATE, naming them, while it has active items or active business windows' })
  retireDepartment(@Param('code') code: string, @Body() body: RetireBody) {
    return this.rpc.request(Rpc.admin.retireDepartment, { ...body, code });
  }

  @Delete('departments/:code')
  @ApiOperation({ summary: 'Delete a department nothing names yet; 409 INVALID_STATE when it has items, staff accounts or windows (retire it instead)' })
  deleteDepartment(@Param('code') code: string) {
    return this.rpc.request(Rpc.admin.deleteDepartment, { code });
  }

  @Get('departments/:code/sections')
  @ApiOperation({ summary: "The department's sections (科室), active and retired" })
  async sections(@Param('code') code: string) {
    return (await this.rpc.request(Rpc.admin.getDepartment, { code })).sections;
  }

  @Post('departments/:code/sections')
  @ApiOperation({ summary: 'Create a section (code, name unique in the department, head: an active account of the department)' })
  createSection(@Param('code') department: string, @Body() body: CreateSectionBody) {
    return this.rpc.request(Rpc.admin.createSection, { ...body, department });
  }

  @Put('departments/:code/sections/:section')
  @ApiOperation({ summary: 'Edit a section on the version read (active: false retires it); 409 when stale' })
  updateSection(@Param('code') department: string, @Param('section') section: string, @Body() body: UpdateSectionBody) {
    return this.rpc.request(Rpc.admin.updateSection, { ...body, department, section });
  }

  @Get('windows')
  @ApiOperation({ summary: "The hall's windows with the staff bound to each and today's duty roster; filters: kind, active" })
  windows(@Query() q: ListHallWindowsRequest) {
    return this.rpc.request(Rpc.admin.listHallWindows, q);
  }

  @Get('windows/:no')
  @ApiOperation({ summary: 'One window (404 when unknown)' })
  window(@Param('no') no: string) {
    return this.rpc.request(Rpc.admin.getWindow, { no });
  }

  @Post('windows')
  @ApiOperation({ summary: 'Create a window: kind, a business window its department, the queue categories it calls and the stages it serves; 409 when the number exists' })
  createWindow(@Body() body: CreateWindowBody) {
    return this.rpc.request(Rpc.admin.createWindow, body);
  }

  @Put('windows/:no')
  @ApiOperation({ summary: 'Edit a window on the version read (409 when stale); no longer calling a category refused while tickets of it would be left with no window' })
  updateWindow(@Param('no') no: string, @Body() body: UpdateWindowBody) {
    return this.rpc.request(Rpc.admin.updateWindow, { ...body, no });
  }

  @Post('windows/:no/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire (停用) a window: 409 INVALID_STATE with a Chinese message naming the tickets while tickets wait that only it would call' })
  retireWindow(@Param('no') no: string, @Body() body: RetireBody) {
    return this.rpc.request(Rpc.admin.retireWindow, { ...body, no });
  }

  @Put('windows/:no/duty')
  @ApiOperation({ summary: "Set a day's duty roster of the window (default today): active accounts, each on duty at one window a day" })
  setDuty(@Param('no') no: string, @Body() body: SetWindowDutyBody) {
    return this.rpc.request(Rpc.admin.setWindowDuty, { ...body, no });
  }
}
