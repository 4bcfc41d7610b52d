import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * The body parsers of the gateway (created with `rawBody: true`, so each keeps the exact bytes in `req.rawBody`
 * for signed callbacks): JSON up to 1 MB, and XML up to 256 KB (WeChat's event pushes are
 * `text/xml`; the provider parses them).
 */
export function useBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('text', { type: ['text/xml', 'application/xml'], limit: '256kb' });
}
