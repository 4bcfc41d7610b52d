/**
 * A small S3-compatible server for the tests (path-style `PUT/GET/HEAD/DELETE /<bucket>/<key>`), enough for the
 * storage adapter (`S3ObjectStorage`, `@aws-sdk/client-s3`): it refuses a request not signed with AWS Signature V4
 * for its access key (403 `InvalidAccessKeyId` / `AccessDenied`), answers 404 `NoSuchKey` / `NoSuchBucket` in S3's
 * XML, keeps the objects in memory, and can fail the next requests with 500 on demand.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface S3StubObject {
  bytes: Buffer;
  contentType: string | undefined;
}

export interface S3Stub {
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, S3StubObject>;
  requests: { method: string; key: string; status: number }[];
  /** answer the next `n` requests with 500 */
  failNext(n: number): void;
  close(): Promise<void>;
}

function xmlError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

export async function startS3Stub(opts: { bucket?: string; accessKeyId?: string; secretAccessKey?: string } = {}): Promise<S3Stub> {
  const bucket = opts.bucket ?? 'materials';
  const accessKeyId = opts.accessKeyId ?? 'stub-access-key';
  const secretAccessKey = opts.secretAccessKey ?? 'stub-secret-key';
  const objects = new Map<string, S3StubObject>();
  const requests: S3Stub['requests'] = [];
  let failing = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const [, b, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const method = req.method ?? 'GET';
      const answer = (status: number, fn: () => void) => {
        requests.push({ method, key, status });
        fn();
      };
      if (failing > 0) {
        failing--;
        return answer(500, () => xmlError(res, 500, 'InternalError', 'stub told to fail'));
      }
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('AWS4-HMAC-SHA256 ')) return answer(403, () => xmlError(res, 403, 'AccessDenied', 'request not signed with AWS Signature V4'));
      if (!auth.includes(`Credential=${accessKeyId}/`)) return answer(403, () => xmlError(res, 403, 'InvalidAccessKeyId', 'unknown access key'));
      if (b !== bucket) return answer(404, () => xmlError(res, 404, 'NoSuchBucket', 'no such bucket'));
      const body = Buffer.concat(chunks);
      switch (method) {
        case 'PUT': {
          objects.set(key, { bytes: body, contentType: req.headers['content-type'] });
          const etag = `"${createHash('md5').update(body).digest('hex')}"`;
          return answer(200, () => {
            res.writeHead(200, { etag });
            res.end();
          });
        }
        case 'GET':
        case 'HEAD': {
          const o = objects.get(key);
          if (!o) return answer(404, () => (method === 'HEAD' ? (res.writeHead(404), res.end()) : xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.')));
          return answer(200, () => {
            res.writeHead(200, { 'content-type': o.contentType ?? 'application/octet-stream', 'content-length': String(o.bytes.length) });
            res.end(method === 'HEAD' ? undefined : o.bytes);
          });
        }
        case 'DELETE':
          objects.delete(key);
          return answer(204, () => {
            res.writeHead(204);
            res.end();
          });
        default:
          return answer(405, () => xmlError(res, 405, 'MethodNotAllowed', method));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    failNext: (n) => {
      failing = n;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
