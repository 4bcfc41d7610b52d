/**
 * deploy/ checked without a cluster or a Docker engine (neither runs on the CI machine): every Kubernetes manifest
 * against the Kubernetes API schemas (`kubernetes-models`: types and required fields of the official OpenAPI
 * document), the CloudNativePG resources structurally, kustomize's resource lists and patch targets, the NATS Helm
 * values against deploy/nats/nats-server.conf, the compose file, the Dockerfile — and all of it against the list of
 * apps, so that a new service cannot be forgotten in any of them.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ALL_APPS, BACKEND_SERVICES } from '@yichuang/platform/dev';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const deploy = path.join(root, 'deploy');
const read = (...p: string[]) => readFileSync(path.join(deploy, ...p), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML, checked below
type Doc = Record<string, any>;

/** the YAML documents of a file */
function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJS() as Doc | null;
    })
    .filter((d): d is Doc => d !== null);
}

/** a kustomization's documents, its bases' included (what `kustomize build` starts from) */
function kustomize(dir: string): Doc[] {
  const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Doc;
  return (k['resources'] as string[]).flatMap((r) => {
    const p = path.join(dir, r);
    if (!existsSync(p)) throw new Error(`${dir}/kustomization.yaml lists ${r}, which does not exist`);
    return existsSync(path.join(p, 'kustomization.yaml')) ? kustomize(p) : docs(p);
  });
}

/** the users of deploy/nats/nats-server.conf and their permissions, the variables resolved */
function natsUsers(): Map<string, { password: string; publish: string[]; subscribe: string[] }> {
  const conf = read('nats', 'nats-server.conf');
  const vars = new Map([...conf.matchAll(/^(\w+) = (\[.*\])$/gm)].map((m) => [m[1] as string, JSON.parse(m[2] as string) as string[]]));
  const list = (v: string) => (v.startsWith('$') ? (vars.get(v.slice(1)) ?? []) : (JSON.parse(v) as string[]));
  return new Map(
    [...conf.matchAll(/\{ user: (\w+),\s+password: \$(\w+),\s+permissions: \{ publish: (\$\w+|\[[^\]]*\]),\s+subscribe: (\$\w+|\[[^\]]*\]) \} \}/g)].map((m) => [
      m[1] as string,
      { password: m[2] as string, publish: list(m[3] as string), subscribe: list(m[4] as string) },
    ]),
  );
}

const base = kustomize(path.join(deploy, 'k8s', 'base'));
const of = (kind: string, name?: string) => base.filter((d) => d['kind'] === kind && (name === undefined || d['metadata']?.name === name));

describe('deploy/k8s', () => {
  it('lists every manifest of the base in its kustomization, and nothing that is not there', () => {
    const k = parse(read('k8s', 'base', 'kustomization.yaml')) as Doc;
    const files = readdirSync(path.join(deploy, 'k8s', 'base'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...(k['resources'] as string[])].sort()).toEqual(files.sort());
  });

  it('every Kubernetes object is valid against the API schema of its kind', async () => {
    const problems: string[] = [];
    for (const d of base.filter((x) => !String(x['apiVersion']).includes('cnpg.io'))) {
      const group = String(d['apiVersion']);
      const models = (await import(`kubernetes-models/${group}`)) as Record<string, new (data: Doc) => { validate(): void }>;
      const Model = models[String(d['kind'])];
      if (!Model) {
        problems.push(`${group} ${d['kind']}: not a kind of the Kubernetes API`);
        continue;
      }
      try {
        new Model(d).validate();
      } catch (err) {
        problems.push(`${d['kind']} ${d['metadata']?.name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs every app: a Deployment of its bundle, non-root on a read-only root, probed, bounded, with a disruption budget', () => {
    const apps = readdirSync(path.join(root, 'apps')).filter((a) => existsSync(path.join(root, 'apps', a, 'src', 'main.ts')) && a !== 'console');
    expect([...ALL_APPS].sort()).toEqual(apps.sort()); // a new app is in the platform's list, hence checked here
    for (const app of ALL_APPS) {
      const [dep] = of('Deployment', app);
      expect(dep).toBeDefined();
      const pod = dep?.['spec'].template.spec;
      const c = pod.containers[0];
      expect(c.args).toEqual([`dist/apps/${app}/src/main.bundle.mjs`]);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.livenessProbe.httpGet.path).toBe('/livez');
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.resources.limits.memory).toBeDefined();
      expect(c.resources.requests.cpu).toBeDefined();
      const env = new Map((c.env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
      expect(env.get('NATS_USER')).toBe(app);
      expect(natsUsers().has(app)).toBe(true);
      if (app !== 'gateway') expect(env.get('DATABASE_URL_FILE')).toBe(`/run/secrets/yichuang/database-url-${app}`);
      // statistics: one writer of its read model (its rebuild pauses the feed in-process)
      expect(dep?.['spec'].replicas).toBe(app === 'statistics' ? 1 : 2);
      const [pdb] = of('PodDisruptionBudget', app);
      expect(pdb?.['spec'].selector.matchLabels).toEqual({ 'app.kubernetes.io/name': app });
    }
    expect(of('Service').map((s) => s['metadata'].name)).toEqual(['gateway']);
    expect(of('HorizontalPodAutoscaler').map((h) => h['spec'].scaleTargetRef.name).sort()).toEqual(['gateway', 'intake', 'review']);
  });

  it('migrates every service once in the Job before a rollout', () => {
    const [job] = of('Job', 'yichuang-migrate');
    const pod = job?.['spec'].template.spec;
    const steps = [...pod.initContainers, ...pod.containers] as { args: string[]; env: { name: string; value: string }[] }[];
    expect(steps.map((s) => s.args[0])).toEqual(BACKEND_SERVICES.map((s) => `dist/apps/${s}/src/main.bundle.mjs`));
    for (const s of steps) expect(s.env).toEqual(expect.arrayContaining([{ name: 'MIGRATE_ONLY', value: 'true' }]));
  });

  it('lets the apps reach only NATS and (the services) their database, and the gateway be reached', () => {
    const policies = of('NetworkPolicy');
    const byName = new Map(policies.map((p) => [p['metadata'].name as string, p]));
    expect(byName.get('apps-default-deny')?.['spec'].policyTypes).toEqual(['Ingress', 'Egress']);
    const labels = (app: string) => of('Deployment', app)[0]?.['spec'].template.metadata.labels as Record<string, string>;
    const selects = (p: Doc, l: Record<string, string>) => Object.entries(p['spec'].podSelector.matchLabels ?? {}).every(([k, v]) => l[k] === v);
    for (const app of ALL_APPS) {
      const applied = policies.filter((p) => selects(p, labels(app))).map((p) => p['metadata'].name as string);
      expect(applied).toEqual(expect.arrayContaining(['apps-default-deny', 'apps-to-dns-and-nats']));
      expect(applied.includes('services-to-database')).toBe(app !== 'gateway');
    }
    // the migration Job reaches the database too
    expect(selects(byName.get('services-to-database') as Doc, of('Job')[0]?.['spec'].template.metadata.labels)).toBe(true);
  });

  it('runs PostgreSQL as a CloudNativePG cluster of three with a pooler, a role per service', () => {
    const [cluster] = of('Cluster', 'yc-pg');
    expect(cluster?.['apiVersion']).toBe('postgresql.cnpg.io/v1');
    expect(cluster?.['spec'].instances).toBe(3);
    expect((cluster?.['spec'].managed.roles as { name: string }[]).map((r) => r.name)).toEqual(BACKEND_SERVICES.map((s) => `yc_${s}`));
    const [pooler] = of('Pooler');
    expect(pooler?.['spec']).toMatchObject({ cluster: { name: 'yc-pg' }, type: 'rw', pgbouncer: { poolMode: 'session' } });
    expect(pooler?.['spec'].instances).toBeGreaterThanOrEqual(2);
  });

  it('overlays build on the base and patch only what is there', () => {
    for (const overlay of readdirSync(path.join(deploy, 'k8s', 'overlays'))) {
      const dir = path.join(deploy, 'k8s', 'overlays', overlay);
      expect(kustomize(dir).length).toBe(base.length);
      const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Doc;
      for (const p of (k['patches'] ?? []) as { target: { kind: string; name?: string } }[]) {
        const names = p.target.name ? p.target.name.split('|') : [undefined];
        for (const name of names) expect(of(p.target.kind, name).length).toBeGreaterThan(0);
      }
    }
  });

  it("gives the NATS Helm chart three servers with JetStream and exactly nats-server.conf's users and permissions", () => {
    const values = parse(read('k8s', 'nats', 'values.yaml')) as Doc;
    expect(values['config'].cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values['config'].jetstream).toMatchObject({ enabled: true, fileStore: { enabled: true } });
    const users = values['config'].merge.authorization.users as { user: string; password: string; permissions: { publish: string[]; subscribe: string[] } }[];
    const conf = natsUsers();
    expect(users.map((u) => u.user).sort()).toEqual([...conf.keys()].sort());
    for (const u of users) {
      const c = conf.get(u.user);
      expect({ user: u.user, ...u.permissions }).toEqual({ user: u.user, publish: c?.publish, subscribe: c?.subscribe });
      expect(u.password).toBe(`<< $${c?.password} >>`);
      expect(values['container'].env[c?.password ?? '']?.valueFrom.secretKeyRef.name).toBe('yichuang-nats');
    }
    expect(of('ConfigMap', 'yichuang-config')[0]?.['data'].EVENTS_STREAM_REPLICAS).toBe('3');
  });
});

describe('deploy/compose', () => {
  const compose = parse(read('compose', 'compose.yaml'), { merge: true }) as Doc;
  const services = compose['services'] as Record<string, Doc>;

  it('runs a NATS cluster of three from deploy/nats/cluster.conf, PostgreSQL and the one-shot migration', () => {
    const nats = Object.keys(services).filter((s) => s.startsWith('nats-'));
    expect(nats).toEqual(['nats-1', 'nats-2', 'nats-3']);
    for (const n of nats) {
      expect(services[n]?.['command']).toEqual(['-c', '/etc/nats/cluster.conf']);
      expect(services[n]?.['environment'].NATS_SERVER_NAME).toBe(n);
    }
    expect(services['postgres']?.['healthcheck']).toBeDefined();
    expect(services['migrate']?.['environment'].MIGRATE_ONLY).toBe('true');
    expect(String(services['migrate']?.['command'][0])).toContain(`for app in ${BACKEND_SERVICES.join(' ')};`);
  });

  it('runs every app twice (statistics once), read-only, health-checked, with its own NATS user and secrets', () => {
    for (const app of ALL_APPS) {
      const s = services[app];
      expect(s?.['command']).toEqual([`dist/apps/${app}/src/main.bundle.mjs`]);
      expect(s?.['deploy'].replicas).toBe(app === 'statistics' ? 1 : 2);
      expect(s?.['read_only']).toBe(true);
      expect(s?.['healthcheck'].test.join(' ')).toContain('/readyz');
      expect(s?.['environment'].NATS_USER).toBe(app);
      expect(s?.['secrets']).toContain(`nats_${app}`);
    }
    const env = Object.fromEntries(read('compose', 'app.env').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('=', 2) as [string, string]));
    expect(env['EVENTS_STREAM_REPLICAS']).toBe('3');
    expect(env['NATS_URL']?.split(',')).toHaveLength(3);
  });

  it('declares every secret it uses, and make-secrets.sh writes every one of them', () => {
    const declared = Object.keys(compose['secrets'] as Doc);
    const used = new Set(Object.values(services).flatMap((s) => (s['secrets'] ?? []) as string[]));
    expect([...used].filter((u) => !declared.includes(u))).toEqual([]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-compose-'));
    try {
      cpSync(path.join(deploy, 'compose', 'make-secrets.sh'), path.join(dir, 'make-secrets.sh'));
      const r = spawnSync('sh', [path.join(dir, 'make-secrets.sh')], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const written = readdirSync(path.join(dir, 'secrets'));
      expect(declared.filter((d) => !written.includes(d))).toEqual([]);
      // the NATS servers' passwords are the apps' ones
      const natsEnv = readFileSync(path.join(dir, 'secrets', 'nats.env'), 'utf8');
      for (const app of ALL_APPS) expect(natsEnv).toContain(`NATS_PW_${app.toUpperCase()}=${readFileSync(path.join(dir, 'secrets', `nats_${app}`), 'utf8')}\n`);
      expect(natsEnv.split('\n').filter(Boolean).map((l) => l.split('=')[0]).sort()).toEqual([...natsUsers().values()].map((u) => u.password).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docker compose config', () => {
  // Compose's own validation of the file (its schema, the merge keys, the secrets' files): `docker-compose` v1 from
  // Debian (.ci/run installs it) or the `docker compose` plugin; neither needs a running engine for `config`
  const tool = ['docker-compose', 'docker compose'].find((t) => {
    const [cmd, ...rest] = t.split(' ');
    return spawnSync(cmd as string, [...rest, 'version'], { encoding: 'utf8' }).status === 0;
  });

  it('accepts deploy/compose/compose.yaml with the secrets make-secrets.sh writes', () => {
    if (!tool) throw new Error('docker-compose is needed for this test (apt-get install docker-compose)');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-compose-config-'));
    try {
      cpSync(path.join(deploy, 'compose'), path.join(dir, 'deploy', 'compose'), { recursive: true });
      cpSync(path.join(deploy, 'nats'), path.join(dir, 'deploy', 'nats'), { recursive: true });
      expect(spawnSync('sh', [path.join(dir, 'deploy', 'compose', 'make-secrets.sh')]).status).toBe(0);
      const [cmd, ...rest] = tool.split(' ');
      const r = spawnSync(cmd as string, [...rest, '-p', 'yichuang', '-f', path.join(dir, 'deploy', 'compose', 'compose.yaml'), 'config'], { encoding: 'utf8' });
      expect(r.stderr.trim()).toBe('');
      expect(r.status).toBe(0);
      // what compose made of it: the apps' replicas and the read-only root survive the anchors and merges
      const out = parse(r.stdout) as Doc;
      expect(out['services'].review.deploy.replicas).toBe(2);
      expect(out['services'].statistics.deploy.replicas).toBe(1);
      expect(out['services'].gateway.read_only).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  it('builds every app into one image that runs unprivileged with its probes', () => {
    const file = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(file).toMatch(/^FROM node:20-[\w-]+ AS build$/m);
    expect(file).toContain('RUN node tools/build.mjs && npm prune --omit=dev');
    expect(file).toMatch(/^USER node$/m);
    expect(file).toMatch(/HEALTH_PORT=9000/);
    expect(file).toMatch(/^ENTRYPOINT \["node"\]$/m);
  });
});
