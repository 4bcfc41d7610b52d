import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { GATEWAY_PREFIX } from '@yichuang/contracts';
import { GatewayModule } from './app.module.js';
import { loadGatewayEnv } from './config.js';
import { gatewayOpenApiDocument } from './http/openapi.js';

/** Where the console's generated API types live (committed; `node tools/console-api.mjs` rewrites them). */
export const CONSOLE_SCHEMA_PATH = 'apps/console/src/api/schema.d.ts';

/**
 * The gateway's OpenAPI document without a running system: Nest's preview mode reads the controllers' metadata
 * without instantiating any provider, so no NATS connection is made.
 */
export async function gatewayOpenApi(): Promise<OpenAPIObject> {
  const env = loadGatewayEnv({ NODE_ENV: 'test' });
  const app = await NestFactory.create(GatewayModule.forRoot(env), { preview: true, logger: false, abortOnError: false });
  try {
    app.setGlobalPrefix(GATEWAY_PREFIX);
    return gatewayOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The console's `schema.d.ts` for a document (openapi-typescript), byte for byte what is committed. */
export async function consoleSchemaText(doc: OpenAPIObject): Promise<string> {
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return `${COMMENT_HEADER}// Generated from the gateway's OpenAPI document by \`node tools/console-api.mjs\`; never edit by hand.\n\n${astToString(ast)}`;
}
