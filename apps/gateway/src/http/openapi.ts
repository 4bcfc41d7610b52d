import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_MATRIX, openApiPath, type RouteAccess } from '@yichuang/contracts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The security of every operation from the access matrix (the one the AuthGuard enforces): the bearer scheme and
 * `x-roles` (who may call) on each protected operation, no security on the public ones. An operation the matrix
 * does not name is refused by the guard: marked protected, with `x-roles: []`.
 */
export function markBearerSecurity(doc: OpenAPIObject, matrix: Readonly<Record<string, RouteAccess>> = ACCESS_MATRIX): OpenAPIObject {
  const byOperation = new Map<string, RouteAccess>();
  for (const [key, access] of Object.entries(matrix)) {
    const [method = '', path = ''] = key.split(' ');
    byOperation.set(`${method.toLowerCase()} ${openApiPath(path)}`, access);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as (Record<string, unknown> & { security?: unknown }) | undefined;
      if (!op) continue;
      const access = byOperation.get(`${method} ${path}`);
      if (access === 'public') {
        op.security = [];
        delete op['x-roles'];
      } else {
        op.security = [{ bearer: [] }];
        op['x-roles'] = access ? [...access] : [];
      }
    }
  }
  return doc;
}

/**
 * The gateway's OpenAPI document, as served at /api/docs-json: every route of the app (global prefix set), its
 * security from the access matrix. The console's typed client is generated from it (tools/console-api.mjs).
 */
export function gatewayOpenApiDocument(app: INestApplication): OpenAPIObject {
  return markBearerSecurity(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Yichuang gateway API (一窗 大厅终端接口)')
        .setDescription('The HTTP contract hall terminals are built against (gateway-v1).')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
}
