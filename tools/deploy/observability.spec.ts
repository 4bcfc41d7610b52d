/**
 * deploy/observability: the alert rules pass `promtool check rules` (Debian's prometheus package; .ci/run installs it),
 * and every series the rules and the dashboard read is one the code defines — a renamed metric cannot leave an alert
 * silently watching nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(root, 'deploy', 'observability');

/** every `yc_…` metric name the source defines (prom-client's `name:` of metrics and of the apps' gauges) */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) {
        if (f !== 'node_modules' && f !== 'dist') walk(p);
      } else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/(?:name: |scrapedGauge\()'(yc_[a-z0-9_]+)'/g)) names.add(m[1] as string);
      }
    }
  };
  walk(path.join(root, 'libs'));
  walk(path.join(root, 'apps'));
  return names;
}

/** the `yc_…` series an expression reads (histogram and counter suffixes taken back to their metric) */
function readSeries(expr: string): string[] {
  return [...expr.matchAll(/\b(yc_[a-z0-9_]+)/g)].map((m) => (m[1] as string).replace(/_(bucket|count|sum)$/, ''));
}

const PROCESS = /^yc_(process|nodejs)_/;

describe('deploy/observability', () => {
  const defined = definedMetrics();
  const rules = parse(readFileSync(path.join(dir, 'alerts.yaml'), 'utf8')) as { groups: { rules: { alert: string; expr: string; annotations: { summary: string } }[] }[] };
  const dashboard = JSON.parse(readFileSync(path.join(dir, 'grafana-hall.json'), 'utf8')) as { uid: string; panels: { id: number; title: string; targets: { expr: string }[] }[] };

  it('finds the series the code defines (a sanity check of the scan itself)', () => {
    expect([...defined]).toEqual(expect.arrayContaining(['yc_rpc_server_duration_seconds', 'yc_outbox_oldest_age_seconds', 'yc_tasks_open', 'yc_messages']));
  });

  it('the alert rules are valid PromQL by promtool', () => {
    const r = spawnSync('promtool', ['check', 'rules', path.join(dir, 'alerts.yaml')], { encoding: 'utf8' });
    if (r.error) throw new Error('promtool is needed for this test (apt-get install prometheus)');
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('every rule and every panel reads only series the code defines', () => {
    const unknown: string[] = [];
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      expect(rule.annotations.summary).toBeTruthy();
      for (const s of readSeries(rule.expr)) if (!defined.has(s) && !PROCESS.test(s)) unknown.push(`alert ${rule.alert}: ${s}`);
    }
    for (const p of dashboard.panels) {
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) for (const s of readSeries(t.expr)) if (!defined.has(s) && !PROCESS.test(s)) unknown.push(`panel ${p.title}: ${s}`);
    }
    expect(unknown).toEqual([]);
  });

  it('covers what operations must see', () => {
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(expect.arrayContaining(['OutboxNotDraining', 'ConsumerLagGrowing', 'DeadLetters', 'SmsProviderFailing', 'RedAlarmsRising', 'CalendarRunningOut']));
    const read = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => readSeries(t.expr)));
    expect(read).toEqual(expect.arrayContaining(['yc_tasks_open', 'yc_http_request_duration_seconds', 'yc_outbox_oldest_age_seconds', 'yc_consumer_pending', 'yc_message_attempts']));
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });
});
