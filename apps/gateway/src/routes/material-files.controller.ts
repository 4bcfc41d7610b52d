import { Body, Controller, Delete, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags, type ApiBodyOptions } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { UuidParam } from '../http/pipes.js';
import { MaterialFileInterceptor, MaterialUploads, type UploadedBytes } from '../materials/material-uploads.js';

/** the multipart form of an upload besides the file */
export class UploadFields {
  @IsOptional() @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'replaces must be a UUID' }) replaces?: string;
}

export const UPLOAD_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'PDF, JPG or PNG (decided by the content); at most MATERIAL_MAX_FILE_BYTES' },
      replaces: { type: 'string', format: 'uuid', description: 'a file of this application it replaces (before acceptance only)' },
    },
  },
};

const MATERIAL_CODE = /^[A-Za-z0-9_.-]{1,60}$/;

/** 电子材料 at the window: files of an application taken in by the clerk, seen by who may see the application. */
@ApiTags('applications (申请)')
@Controller('v1/applications/:id')
export class MaterialFilesController {
  constructor(
    private readonly uploads: MaterialUploads,
    private readonly rpc: RpcClient,
  ) {}

  @Post('materials/:code/files')
  @UseInterceptors(MaterialFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: '电子材料: upload one file for one material of the application (PDF/JPG/PNG by content; size limits; SHA-256 recorded)' })
  upload(@Param('id', UuidParam) id: string, @Param('code') code: string, @UploadedFile() file: UploadedBytes | undefined, @Body() body: UploadFields) {
    return this.uploads.upload(id, MATERIAL_CODE.test(code) ? code : '-', file, body.replaces);
  }

  @Get('files')
  @ApiOperation({ summary: "The application's electronic files (name, type, size, SHA-256, who uploaded, when)" })
  list(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.intake.listMaterialFiles, { applicationId: id });
  }

  @Get('files/:fileId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOperation({ summary: 'Download one electronic file (as stored; its SHA-256 is in the list)' })
  download(@Param('id', UuidParam) id: string, @Param('fileId', UuidParam) fileId: string) {
    return this.uploads.download(id, fileId);
  }

  @Delete('files/:fileId')
  @ApiOperation({ summary: 'Remove an electronic file (before acceptance only)' })
  remove(@Param('id', UuidParam) id: string, @Param('fileId', UuidParam) fileId: string) {
    return this.uploads.remove(id, fileId);
  }
}
