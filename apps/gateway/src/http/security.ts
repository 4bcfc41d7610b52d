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
 * /api/docs, which needs its inline script and styles), and CORS closed by default: only the origins of
 * GATEWAY_CORS_ORIGINS get CORS headers; any other origin gets none, so browsers refuse the answer.
 */
export function useSecurityHeaders(app: NestExpressApplication, env: Pick<GatewayEnv, 'GATEWAY_CORS_ORIGINS'>): void {
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  app.use(function securityHeaders(req: Parameters<typeof strict>[0], res: Parameters<typeof strict>[1], next: (err?: unknown) => void) {
    return ((req as { path?: string }).path ?? '').startsWith('/api/docs') ? docs(req, res, next) : strict(req, res, next);
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
