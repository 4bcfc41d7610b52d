import type { OpenAPIObject } from '@nestjs/swagger';
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
