import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { CertificateEnv } from './config.js';
import { CERTIFICATE_ENV } from './tokens.js';
import { Certificate } from './certificates/certificate.entity.js';
import { CertificatesService } from './certificates/certificates.service.js';
import { CertificatesNats } from './certificates/certificates.nats.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';

/** Certificate issuance (出件): result documents and their delivery. */
@Module({})
export class CertificateModule {
  static forRoot(env: CertificateEnv): DynamicModule {
    return {
      module: CertificateModule,
      imports: [ServicePlatformModule.forRoot({ service: 'certificate', env, entities: [Certificate], migrations: [Init1764100000000] })],
      controllers: [CertificatesNats],
      providers: [{ provide: CERTIFICATE_ENV, useValue: env }, CertificatesService],
    };
  }
}
