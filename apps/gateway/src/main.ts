import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GATEWAY_PREFIX } from '@yichuang/contracts';
import { httpRequestDuration, JsonLogger, memoiseValidationMetadata, NATS_CONNECTION, startProbeServer, startProcessMetrics } from '@yichuang/platform';
import type { NextFunction, Request, Response } from 'express';
import { GatewayModule } from './app.module.js';
import { loadGatewayEnv, trustProxySetting } from './config.js';
import { useBodyParsers } from './http/body-parsers.js';
import { gatewayOpenApiDocument } from './http/openapi.js';
import { useSecurityHeaders } from './http/security.js';
import { serveConsole } from './http/console.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const env = loadGatewayEnv();
const logger = new JsonLogger('gateway', env.LOG_LEVEL);
memoiseValidationMetadata();
// rawBody: the EMS tracking callback and message platforms' callbacks are verified over the exact bytes received
// (DeliveryController.webhook, CallbacksController)
const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(env), { logger, rawBody: true });
app.setGlobalPrefix(GATEWAY_PREFIX);
if (env.HEALTH_PORT) {
  startProcessMetrics('gateway');
  // every request's route pattern (never the path with its ids), status and time, when it has been answered
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? (req.path.startsWith('/api/') ? 'unmatched' : 'console');
      httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, (performance.now() - started) / 1000);
    });
    next();
  });
}
useSecurityHeaders(app, env);
useBodyParsers(app);
// dist/apps/gateway/src/main.js → dist/console
const consoleDir = env.CONSOLE_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'console');
const withConsole = env.CONSOLE_DIR !== 'off' && serveConsole(app, consoleDir);
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
app.disable('x-powered-by');
const trustProxy = trustProxySetting(env.TRUST_PROXY);
if (trustProxy !== undefined) app.set('trust proxy', trustProxy);

const doc = gatewayOpenApiDocument(app);
SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

await app.listen(env.PORT, env.HOST);
// the gateway has no database: ready when its NATS connection is open
if (env.HEALTH_PORT) startProbeServer(env.HEALTH_PORT, { nats: app.get(NATS_CONNECTION) }, logger);
logger.log(`gateway listening on http://${env.HOST}:${env.PORT}/api (docs: /api/docs${withConsole ? ', console: /' : ''})`);
