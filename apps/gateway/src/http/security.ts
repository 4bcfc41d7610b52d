import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { GatewayEnv } from '../config.js';

/** The origins of GATEWAY_CORS_ORIGINS (comma-separated); empty means no browser origin may call the API cross-site. */
export function corsOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

/**
 * Security headers (helmet: nosniff, frame-ancestors/X-Frame-Options, HSTS, a strict CSP except for the Swagger UI at
 * /api/docs, which needs its inline script and styles, and the web console's pages, which may be served over plain HTTP), and CORS closed by default: only the origins of
 * GATEWAY_CORS_ORIGINS get CORS headers; any other origin gets none, so browsers refuse the answer.
 */
export function useSecurityHeaders(app: NestExpressApplication, env: Pick<GatewayEnv, 'GATEWAY_CORS_ORIGINS'>): void {
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  // the web console's pages (everything outside /api): helmet's CSP less `upgrade-insecure-requests`, which would
  // send a hall PC's requests for the console's own scripts to https:// when the gateway is reached over plain HTTP
  // on the hall's network (only localhost is exempt in browsers); the rest (script-src 'self' …) as it is
  const consolePages = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  app.use(function securityHeaders(req: Parameters<typeof strict>[0], res: Parameters<typeof strict>[1], next: (err?: unknown) => void) {
    const p = (req as { path?: string }).path ?? '';
    if (p.startsWith('/api/docs')) return docs(req, res, next);
    return p === '/api' || p.startsWith('/api/') ? strict(req, res, next) : consolePages(req, res, next);
  });
  const origins = corsOrigins(env.GATEWAY_CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      maxAge: 600,
    });
  }
}
