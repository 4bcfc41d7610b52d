import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import { checkCertificateEnv, type CertificateEnv } from './config.js';
import { CERTIFICATE_ENV } from './tokens.js';
import { Certificate, CertificateEvent } from './certificates/certificate.entities.js';
import { CertificatesService } from './certificates/certificates.service.js';
import { CertificatesNats } from './certificates/certificates.nats.js';
import { CertificateNumbers } from './certificates/numbering.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { CertificateEvents1764300000000 } from './migrations/1764300000000-CertificateEvents.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { DocumentContent1765500000000 } from './migrations/1765500000000-DocumentContent.js';
import { DocumentDates1765600000000 } from './migrations/1765600000000-DocumentDates.js';
import { Delivery1765700000000 } from './migrations/1765700000000-Delivery.js';
import { SealedIdNumbers1766500000000 } from './migrations/1766500000000-SealedIdNumbers.js';
import { IssueDocuments } from './issuance/issue-documents.js';
import { RevokeDocument } from './revocation/revoke-document.js';
import { CorrectDocument } from './revocation/correct-document.js';
import { RevocationNats } from './revocation/revocation.nats.js';
import { OnFalseCommitment } from './revocation/on-false-commitment.js';
import { RenderDocument } from './documents/render-document.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { CERTIFICATE_GAUGES } from './metrics.js';

export const CERTIFICATE_ENTITIES = [Certificate, CertificateEvent];
export const CERTIFICATE_MIGRATIONS = [
  Init1764100000000,
  CertificateEvents1764300000000,
  OutboxPublishedOnCommit1765100000000,
  DocumentContent1765500000000,
  DocumentDates1765600000000,
  Delivery1765700000000,
  SealedIdNumbers1766500000000,
];

/** Certificate issuance (统一窗口出件): result documents of decided cases and their hand-over. */
@Module({})
export class CertificateModule {
  static forRoot(env: CertificateEnv): DynamicModule {
    checkCertificateEnv(env);
    return {
      module: CertificateModule,
      imports: [
        ServicePlatformModule.forRoot({ service: 'certificate', env, entities: CERTIFICATE_ENTITIES, migrations: CERTIFICATE_MIGRATIONS, personalData: true, gauges: CERTIFICATE_GAUGES }),
        // 领证 and 免费寄递 (pickup/, waiting/, deadline/, mailing/)
        DeliveryModule.forRoot(env),
      ],
      controllers: [CertificatesNats, RevocationNats],
      providers: [{ provide: CERTIFICATE_ENV, useValue: env }, CertificateNumbers, CertificatesService, IssueDocuments, RevokeDocument, CorrectDocument, OnFalseCommitment, RenderDocument],
    };
  }
}
