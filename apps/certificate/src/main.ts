import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { CertificateModule } from './app.module.js';
import { loadCertificateEnv } from './config.js';

const env = loadCertificateEnv();
await runService('certificate', env, CertificateModule.forRoot(env));
