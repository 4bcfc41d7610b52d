#!/usr/bin/env node
/**
 * Benchmark: SMS over SMPP 3.4 (issue 10).
 *
 * Starts the loopback SMSC of libs/testing and sends N one-part Chinese SMS (UCS-2) through `SmppSmsProvider`, with a
 * window of 10 and of 50, side by side with a bare baseline measured in the same run: the `smpp` package's client
 * alone (bind_transceiver, then `window` workers each submitting the same bytes and awaiting submit_sm_resp). Both
 * are closed loops with `window` concurrent senders, so latency is one send's time, not a queue's. Receipts are off
 * (only the submit path is measured). Imports the built code: run `node tools/build.mjs` first.
 *
 *   node tools/bench/sms-smpp.mjs [--n 2000] [--windows 10,50]
 *
 * Prints messages/s and p50/p95 latency per window for both, and the ratios. Talks only to 127.0.0.1.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import smpp from 'smpp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const { SmppSmsProvider, segmentSms } = await import(dist('apps/notification/src/providers/smpp/index.js')).catch(() => {
  console.error('sms-smpp: dist/ is missing or stale; run `node tools/build.mjs` first');
  process.exit(1);
});
const { startSmppTestServer } = await import(dist('libs/testing/src/smpp-server.js'));
// Nest's Logger would print every bind; keep the table readable
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(['error']);

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const N = Number(args.get('n') ?? 2000);
const WINDOWS = String(args.get('windows') ?? '10,50')
  .split(',')
  .map(Number)
  .filter((w) => w > 0);
const TEXT = '【新县政务服务中心】您的申请已受理，办件编号2026-0001，请留意后续短信。咨询电话0376-2962000。';
const phone = (i) => `138${String(i % 100_000_000).padStart(8, '0')}`;

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `concurrency` workers share N operations; returns rate and latency percentiles */
async function closedLoop(n, concurrency, op) {
  const lat = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        if (await op(i)) lat.push(performance.now() - s);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { rate: lat.length / elapsed, ok: lat.length, errors, p50: pct(lat, 50), p95: pct(lat, 95) };
}

async function viaProvider(server, window) {
  const provider = new SmppSmsProvider({
    url: server.url,
    systemId: server.systemId,
    password: server.password,
    sourceAddr: '10690001',
    window,
    sendTimeoutMs: 60_000,
    reconnectMinMs: 100,
    reconnectMaxMs: 1_000,
  });
  await provider.start(async () => undefined);
  if (!provider.state().bound) throw new Error(`provider did not bind: ${provider.state().lastError}`);
  const op = async (i) => {
    const attemptId = randomUUID();
    const r = await provider.send({
      messageId: randomUUID(),
      attemptId,
      clientRef: provider.reference(attemptId),
      channel: 'sms',
      to: phone(i),
      content: TEXT,
      template: 'CASE_ACCEPTED',
      params: {},
      attempt: 1,
    });
    return r.status === 'sending';
  };
  await closedLoop(Math.min(200, N), window, op); // warm-up
  const result = await closedLoop(N, window, op);
  await provider.stop();
  return result;
}

async function bare(server, window) {
  const session = smpp.connect({ url: server.url });
  session.on('error', () => undefined);
  await new Promise((resolve) => session.on('connect', resolve));
  await new Promise((resolve, reject) =>
    session.bind_transceiver({ system_id: server.systemId, password: server.password }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`)))),
  );
  const seg = segmentSms(TEXT, 0);
  const op = (i) =>
    new Promise((resolve) => {
      session.submit_sm(
        {
          source_addr: '10690001',
          dest_addr_ton: 2,
          dest_addr_npi: 1,
          destination_addr: phone(i),
          registered_delivery: 1,
          data_coding: seg.dataCoding,
          esm_class: seg.esmClass,
          short_message: seg.segments[0].bytes,
          user_message_reference: i & 0xffff,
        },
        (pdu) => resolve(pdu.command_status === 0),
      );
    });
  await closedLoop(Math.min(200, N), window, op);
  const result = await closedLoop(N, window, op);
  await new Promise((resolve) => session.unbind({}, () => session.close(resolve)));
  return result;
}

const server = await startSmppTestServer({ receipts: false });
const rows = [];
try {
  for (const window of WINDOWS) {
    const p = await viaProvider(server, window);
    const b = await bare(server, window);
    rows.push({ window, p, b });
  }
} finally {
  await server.close();
}

const f = (n) => (Number.isFinite(n) ? n.toFixed(n >= 100 ? 0 : 2) : '-');
const line = (label, s, b, ratio) => `${label.padEnd(34)}${s.padStart(14)}${b.padStart(14)}${ratio.padStart(10)}\n`;
process.stdout.write(`\nSMPP benchmark — ${N} one-part Chinese SMS (UCS-2) per run, loopback SMSC (libs/testing) in the same process, receipts off\n\n`);
process.stdout.write(line('', 'provider', 'bare smpp', 'ratio'));
for (const { window, p, b } of rows) {
  process.stdout.write(line(`window ${window}: messages/s`, f(p.rate), f(b.rate), `${f(b.rate / p.rate)}x`));
  process.stdout.write(line('  p50 ms', f(p.p50), f(b.p50), `${f(p.p50 / b.p50)}x`));
  process.stdout.write(line('  p95 ms', f(p.p95), f(b.p95), `${f(p.p95 / b.p95)}x`));
  process.stdout.write(line('  accepted / failed', `${p.ok}/${p.errors}`, `${b.ok}/${b.errors}`, ''));
}
process.stdout.write(`\nSMSC recorded ${server.submits.length} submit_sm (warm-ups included); it answers each at once, so the window bounds only the client side\n`);
