import type { OpenAPIObject } from '@nestjs/swagger';

/** set by @Public() on an operation, read (and removed) by markBearerSecurity */
export const PUBLIC_EXTENSION = 'x-public';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The bearer scheme on every operation not marked @Public() (which the AuthGuard protects), none on the public
 * ones: the OpenAPI document says which calls need `Authorization: Bearer`.
 */
export function markBearerSecurity(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as (Record<string, unknown> & { security?: unknown }) | undefined;
      if (!op) continue;
      const isPublic = op[PUBLIC_EXTENSION] === true;
      delete op[PUBLIC_EXTENSION];
      op.security = isPublic ? [] : [{ bearer: [] }];
    }
  }
  return doc;
}
