import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GATEWAY_PREFIX } from '@yichuang/contracts';
import { JsonLogger } from '@yichuang/platform';
import { GatewayModule } from './app.module.js';
import { loadGatewayEnv, trustProxySetting } from './config.js';
import { useBodyParsers } from './http/body-parsers.js';
import { markBearerSecurity } from './http/openapi.js';
import { useSecurityHeaders } from './http/security.js';

const env = loadGatewayEnv();
const logger = new JsonLogger('gateway', env.LOG_LEVEL);
// rawBody: the EMS tracking callback and message platforms' callbacks are verified over the exact bytes received
// (DeliveryController.webhook, CallbacksController)
const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(env), { logger, rawBody: true });
app.setGlobalPrefix(GATEWAY_PREFIX);
useSecurityHeaders(app, env);
useBodyParsers(app);
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
app.disable('x-powered-by');
const trustProxy = trustProxySetting(env.TRUST_PROXY);
if (trustProxy !== undefined) app.set('trust proxy', trustProxy);

const doc = markBearerSecurity(SwaggerModule.createDocument(
  app,
  new DocumentBuilder()
    .setTitle('Yichuang gateway API (一窗 大厅终端接口)')
    .setDescription('The HTTP contract hall terminals are built against (gateway-v1).')
    .setVersion('1')
    .addBearerAuth()
    .build(),
));
SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

await app.listen(env.PORT, env.HOST);
logger.log(`gateway listening on http://${env.HOST}:${env.PORT}/api (docs: /api/docs)`);
