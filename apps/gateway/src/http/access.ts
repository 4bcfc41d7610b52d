import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { GATEWAY_PREFIX, routeKey } from '@yichuang/contracts';

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function join(...parts: string[]): string {
  return '/' + parts.flatMap((p) => p.split('/')).filter((p) => p.length > 0).join('/');
}

/**
 * The ACCESS_MATRIX keys of one handler (`GET /api/v1/cases/:caseNo`), read from the metadata Nest routes by (the
 * controller's and the method's @Get/@Post/… paths, the global prefix): the same key for the AuthGuard at request
 * time and for the test that compares the app's routes with the matrix. Empty for a method that is no route.
 */
export function routeKeysOf(controller: Function, handler: Function): string[] {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined || !Reflect.hasMetadata(PATH_METADATA, handler)) return [];
  const verb = RequestMethod[method];
  return paths(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((c) =>
    paths(Reflect.getMetadata(PATH_METADATA, handler)).map((h) => routeKey(verb, join(GATEWAY_PREFIX, c, h))),
  );
}

/** Every route the controllers declare, as ACCESS_MATRIX keys. */
export function declaredRoutes(controllers: readonly Type[]): string[] {
  const keys: string[] = [];
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      keys.push(...routeKeysOf(controller, handler));
    }
  }
  return keys;
}
