/**
 * Writes the gateway's OpenAPI document (dist/openapi/gateway-v1.json) and the console's typed API client schema
 * generated from it (apps/console/src/api/schema.d.ts). Run through `node tools/console-api.mjs`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_SCHEMA_PATH, consoleSchemaText, gatewayOpenApi } from '../openapi-schema.js';

const root = process.cwd();
const doc = await gatewayOpenApi();
const json = path.join(root, 'dist', 'openapi', 'gateway-v1.json');
await mkdir(path.dirname(json), { recursive: true });
await writeFile(json, `${JSON.stringify(doc, null, 2)}\n`);
await writeFile(path.join(root, CONSOLE_SCHEMA_PATH), await consoleSchemaText(doc));
process.stdout.write(`console-api: ${Object.keys(doc.paths).length} paths → ${path.relative(root, json)}, ${CONSOLE_SCHEMA_PATH}\n`);
