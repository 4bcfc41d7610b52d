import fc from 'fast-check';

/**
 * A property-based fuzzer of the gateway driven by its own OpenAPI document (`/api/docs-json`): for every operation it
 * generates path parameters, query parameters and JSON bodies from the schemas, valid-ish and hostile (deep nesting,
 * huge arrays, NUL and lone surrogates, prototype keys, wrong types, empty and repeated parameters, raw non-JSON),
 * sent with a demo token (or none). The property: no answer is a 5xx.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOperation {
  method: string;
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body?: Schema;
}

export interface FuzzRequest {
  method: string;
  /** path and query, below the gateway's base URL */
  url: string;
  /** role of the token sent (resolved to a token by the runner), or undefined for none */
  role?: string;
  contentType?: string;
  body?: string;
  /** what kind of input this is, for the report */
  kind: string;
}

/** encodeURIComponent that also sends lone surrogates (as their WTF-8 bytes, the way a hostile client would) */
function enc(v: string): string {
  return v
    .split(/([\uD800-\uDFFF])/)
    .map((part) => {
      try {
        return encodeURIComponent(part);
      } catch {
        const u = part.charCodeAt(0);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    })
    .join('');
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document. */
export function fuzzOperations(doc: OpenApiDoc): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' }, required: p.required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

const HOSTILE_STRINGS = ['', ' ', 'a\u0000b', '\u0000', '\uD800', 'x\uDC00y', '\uD83D', '𠮷😀', "'; DROP TABLE x; --", '../../etc/passwd', '%00', '${7*7}', '<script>', '0', '-1', '1e309', 'NaN', 'null', 'true', '9'.repeat(40), 'x'.repeat(5000), '张三'.repeat(300), '2026-02-30', '2026-13-01', '9999-12-31', '0000-00-00', 'constructor', '__proto__'];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40, unit: 'binary' }), fc.string({ maxLength: 20, unit: 'grapheme' }));

/** Deeply nested arrays/objects, as JSON text (JSON.stringify would itself be fine, but the text is cheaper) */
const deepJson = fc.oneof(
  fc.integer({ min: 20, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 20, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);

const protoObject = fc.constantFrom<unknown>({ ['__proto__']: { admin: true } }, { constructor: 'x' }, { constructor: { prototype: { polluted: 1 } } }, { prototype: 1 }, { toString: 'x', valueOf: 1, hasOwnProperty: 2 });

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', [], {}, [null], { a: 1 }),
  hostileString,
  protoObject,
  fc.integer({ min: 1_000, max: 40_000 }).map((n) => Array.from({ length: n }, () => 'x')),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => Array.from({ length: n }, () => ({ code: 'X' }))),
  fc.anything({ maxDepth: 3 }),
);

function resolve(doc: OpenApiDoc, s: Schema | undefined, seen = 0): Schema {
  if (!s) return {};
  if (s.$ref && seen < 8) {
    const name = s.$ref.split('/').pop() as string;
    return resolve(doc, doc.components?.schemas?.[name], seen + 1);
  }
  if (s.allOf?.length) {return s.allOf.reduce<Schema>((acc, part) => {
    const r = resolve(doc, part, seen + 1);
    return { ...acc, ...r, properties: { ...acc.properties, ...r.properties }, required: [...(acc.required ?? []), ...(r.required ?? [])] };
  }, {});}
  if (s.oneOf?.length) return resolve(doc, s.oneOf[0], seen + 1);
  if (s.anyOf?.length) return resolve(doc, s.anyOf[0], seen + 1);
  return s;
}

/** A value that fits the schema roughly (the example when there is one, an enum value, a string of the right shape). */
function validish(doc: OpenApiDoc, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (depth > 6) return fc.constant(null);
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (s.example !== undefined) candidates.push(fc.constant(s.example));
  if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), ...candidates);
  switch (s.type) {
    case 'integer':
      candidates.push(fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? Math.max(100, (s.minimum ?? 0) + 10) }));
      break;
    case 'number':
      candidates.push(fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 1e6, noNaN: true }));
      break;
    case 'boolean':
      candidates.push(fc.boolean());
      break;
    case 'array':
      candidates.push(fc.array(validish(doc, s.items, depth + 1), { maxLength: 4 }));
      break;
    case 'object':
    case undefined:
      if (s.properties) {
        const props: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(s.properties)) props[k] = validish(doc, v, depth + 1);
        candidates.push(fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) }));
      } else if (s.type === 'object') candidates.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }));
      else candidates.push(fc.string({ maxLength: 12 }));
      break;
    default:
      if (s.format === 'date') candidates.push(fc.date({ min: new Date('2024-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
      else if (s.format === 'date-time') candidates.push(fc.date({ min: new Date('2024-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map((d) => d.toISOString()));
      else if (s.format === 'uuid') candidates.push(fc.uuid());
      else candidates.push(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 40) }), fc.constantFrom('张三', '新县', 'W01', 'ZRZY-001', '13812345678'));
  }
  return fc.oneof(...candidates);
}

/** The valid-ish value with a few leaves replaced by hostile ones. */
function mutated(doc: OpenApiDoc, schema: Schema | undefined): fc.Arbitrary<unknown> {
  return fc.tuple(validish(doc, schema), fc.array(fc.tuple(fc.nat(), wrongType), { minLength: 1, maxLength: 3 })).map(([value, muts]) => {
    if (typeof value !== 'object' || value === null) return muts[0]?.[1];
    const copy = structuredClone(value) as Record<string, unknown>;
    for (const [n, shared] of muts) {
      // a copy: the constants above are shared between samples, and a value placed here may be walked into next
      const text = JSON.stringify(shared);
      const bad: unknown = text === undefined ? null : JSON.parse(text);
      // walk down to a random container, then replace or add a key there
      let node: Record<string, unknown> = copy;
      for (let i = 0; i < 3; i++) {
        const keys = Object.keys(node);
        const next = keys.length ? node[keys[(n + i) % keys.length] as string] : undefined;
        if (typeof next !== 'object' || next === null) break;
        node = next as Record<string, unknown>;
      }
      const keys = Object.keys(node);
      const key = keys.length && n % 4 !== 0 ? (keys[n % keys.length] as string) : ['extra', 'constructor', '__proto__', 'a\u0000'][n % 4] as string;
      if (key === '__proto__') Object.defineProperty(node, key, { value: bad, enumerable: true, configurable: true, writable: true });
      else node[key] = bad;
    }
    return copy;
  });
}

const pathValue = (doc: OpenApiDoc, p: { name: string; schema: Schema }): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: validish(doc, p.schema).map((v) => String(v)) },
    { weight: 1, arbitrary: fc.constantFrom('XX-2026-0001', 'ZRZY-001', 'http', 'wechat', 'ems', 'acceptance', 'W01', 'stage1', '1') },
    { weight: 2, arbitrary: hostileString },
  ).map((v) => enc(v).replace(/%2F/gi, (m) => (v.length % 2 ? m : '/')));

function queryString(doc: OpenApiDoc, op: FuzzOperation): fc.Arbitrary<string> {
  const one = (q: FuzzOperation['queryParams'][number]) =>
    fc.oneof(
      { weight: 4, arbitrary: validish(doc, q.schema).map((v) => [`${q.name}=${enc(String(v))}`]) },
      { weight: 1, arbitrary: fc.constant([`${q.name}=`]) },
      { weight: 1, arbitrary: fc.tuple(validish(doc, q.schema), validish(doc, q.schema)).map(([a, b]) => [`${q.name}=${enc(String(a))}`, `${q.name}=${enc(String(b))}`]) },
      { weight: 1, arbitrary: hostileString.map((v) => [`${q.name}=${enc(v)}`]) },
      { weight: 1, arbitrary: fc.constant([`${q.name}[a]=1`, `${q.name}[constructor]=x`]) },
      { weight: 2, arbitrary: fc.constant([] as string[]) },
    );
  const extra = fc.oneof({ weight: 6, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.constantFrom(['__proto__=1'], ['constructor=x'], ['x=%00'], ['%ZZ=1'], ['a=%E0%A4%A']) });
  return fc.tuple(fc.tuple(...op.queryParams.map(one)), extra).map(([parts, ex]) => {
    const all = [...parts.flat(), ...ex];
    return all.length ? `?${all.join('&')}` : '';
  });
}

function bodyOf(doc: OpenApiDoc, op: FuzzOperation): fc.Arbitrary<{ kind: string; body?: string; contentType?: string }> {
  const json = (kind: string) => (v: unknown) => ({ kind, body: JSON.stringify(v) ?? 'null', contentType: 'application/json' });
  return fc.oneof(
    { weight: 4, arbitrary: validish(doc, op.body).map(json('valid-ish')) },
    { weight: 4, arbitrary: mutated(doc, op.body).map(json('mutated')) },
    { weight: 1, arbitrary: wrongType.map(json('wrong-type')) },
    { weight: 1, arbitrary: deepJson.map((body) => ({ kind: 'deep', body, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom('{"a":', '', 'null', '[', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}', '\u0000', '{"a":1,"a":2}').map((body) => ({ kind: 'raw', body, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'form', body: 'a=1&a=2&b=%00', contentType: 'application/x-www-form-urlencoded' }, { kind: 'xml', body: '<xml><a>\u0000</a></xml>', contentType: 'text/xml' }, { kind: 'no-body' }) },
  );
}

/** Requests for one operation. `roles`: the demo roles to try (undefined = no token). */
export function requestArbitrary(doc: OpenApiDoc, op: FuzzOperation, roles: readonly (string | undefined)[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      params: fc.tuple(...op.pathParams.map((p) => pathValue(doc, p))),
      query: queryString(doc, op),
      body: op.method === 'GET' || op.method === 'DELETE' ? fc.constant({ kind: 'no-body' } as { kind: string; body?: string; contentType?: string }) : bodyOf(doc, op),
      role: fc.constantFrom(...roles),
    })
    .map(({ params, query, body, role }) => {
      let i = 0;
      const url = op.path.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x') + query;
      const req: FuzzRequest = { method: op.method, url, kind: body.kind };
      if (role !== undefined) req.role = role;
      if (body.body !== undefined) req.body = body.body;
      if (body.contentType !== undefined) req.contentType = body.contentType;
      return req;
    });
}

/** `n` requests spread over every operation of the document, reproducible from `seed`. */
export function fuzzRequests(doc: OpenApiDoc, n: number, seed: number, roles: readonly (string | undefined)[]): FuzzRequest[] {
  // event streams (the queue board, the terminals' push channel) never end by design: left out
  const ops = fuzzOperations(doc).filter((o) => !o.path.startsWith('/api/docs') && !o.path.endsWith('/stream') && o.path !== '/api/v1/updates');
  const arb = fc.oneof(...ops.map((op) => requestArbitrary(doc, op, roles)));
  return fc.sample(arb, { numRuns: n, seed });
}

export interface FuzzResult {
  histogram: Record<string, number>;
  failures: { request: FuzzRequest; status: number; body: string }[];
  total: number;
  /** requests sent a second time after the connection failed (599) */
  retried: number;
}

/** Send the requests (`concurrency` at a time) and count the statuses; every 5xx is kept with its reproducer. */
export async function runFuzz(baseUrl: string, requests: FuzzRequest[], tokens: Record<string, string>, concurrency = 8, timeoutMs = 30_000): Promise<FuzzResult> {
  const histogram: Record<string, number> = {};
  const failures: FuzzResult['failures'] = [];
  let next = 0;
  let retried = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const req = requests[next++] as FuzzRequest;
        const headers: Record<string, string> = {};
        if (req.contentType) headers['content-type'] = req.contentType;
        const token = req.role ? tokens[req.role] : undefined;
        if (token) headers['authorization'] = `Bearer ${token}`;
        const send = async (): Promise<{ status: number; text: string }> => {
          try {
            const res = await fetch(`${baseUrl}${req.url}`, { method: req.method, headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
            return { status: res.status, text: await res.text() };
          } catch (err) {
            // no answer in time (598) or the connection failed (599): as bad as a 5xx
            return { status: (err as Error)?.name === 'TimeoutError' ? 598 : 599, text: String((err as Error)?.message ?? err) };
          }
        };
        let { status, text } = await send();
        if (status === 599) {
          // a kept-alive connection the server closed just as it was reused fails before the request leaves (undici's
          // "fetch failed"): sent again once, on a new connection; a server that crashed or hung up fails again
          retried++;
          ({ status, text } = await send());
        }
        histogram[String(status)] = (histogram[String(status)] ?? 0) + 1;
        if (status >= 500) failures.push({ request: { ...req, ...(req.body && req.body.length > 2000 ? { body: `${req.body.slice(0, 2000)}… (${req.body.length} chars)` } : {}) }, status, body: text.slice(0, 500) });
      }
    }),
  );
  return { histogram, failures, total: requests.length, retried };
}
