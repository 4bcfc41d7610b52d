import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApplicationFilesRequest, MaterialFileRequest, RecordMaterialFileRequest, Rpc } from '@yichuang/contracts';
import { MaterialFilesService } from './material-files.service.js';

@Controller()
export class MaterialFilesNats {
  constructor(private readonly files: MaterialFilesService) {}

  @MessagePattern(Rpc.intake.recordMaterialFile.subject)
  record(@Payload() req: RecordMaterialFileRequest) {
    return this.files.record(req);
  }

  @MessagePattern(Rpc.intake.recordMaterialFileFromProvince.subject)
  recordFromProvince(@Payload() req: RecordMaterialFileRequest) {
    return this.files.recordFromProvince(req);
  }

  @MessagePattern(Rpc.intake.listMaterialFiles.subject)
  list(@Payload() req: ApplicationFilesRequest) {
    return this.files.list(req.applicationId);
  }

  @MessagePattern(Rpc.intake.locateMaterialFile.subject)
  locate(@Payload() req: MaterialFileRequest) {
    return this.files.locate(req.applicationId, req.fileId);
  }

  @MessagePattern(Rpc.intake.removeMaterialFile.subject)
  remove(@Payload() req: MaterialFileRequest) {
    return this.files.remove(req.applicationId, req.fileId);
  }
}
