import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The web console (apps/console, built by `npm run build` into dist/console) under `/`: its files as they are,
 * the hashed bundles under /assets cached for a year, index.html never without asking again (a new build is seen
 * at the next load), and index.html for every other page address outside /api (the console routes in the
 * browser: /board, /window …). Answers false when there is no build (the API alone).
 */
export function serveConsole(app: NestExpressApplication, dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, {
    index: false,
    redirect: false,
    setHeaders: (res: Response, file: string) => {
      res.setHeader('cache-control', file.startsWith(path.join(dir, 'assets') + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use(function consoleFallback(req: Request, res: Response, next: NextFunction) {
    const p = req.path;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || p === '/api' || p.startsWith('/api/') || path.extname(p) !== '') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
