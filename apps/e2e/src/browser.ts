/**
 * Debian's Chromium (`/usr/bin/chromium`, installed by .ci/run when missing) driven by playwright-core: a real
 * browser without Playwright's own downloaded builds. Each person's screen is a device of its own — its own browser
 * context, so its own window, cookies and storage, as a second PC, the hall's board or an applicant's phone: in
 * Chromium's headless mode the pages of one context are tabs of one window, and a click in any tab but the newest
 * waited ≈ 2 s for a frame that tab never draws (ten clicks 20 s instead of 0.5 s). Screenshots go to
 * tmp/artifacts/console (gitignored), kept after the run for a person to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { testConfig } from '@yichuang/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(root, 'tmp', 'artifacts', 'console');
export const CONSOLE_BUILD = path.join(root, 'dist', 'console', 'index.html');

export interface Browser {
  /** the first device's page */
  page: Page;
  /** another device (its own context and window), showing a blank page */
  device(): Promise<Page>;
  /** a full-page screenshot in ARTIFACTS */
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: apt-get install -y --no-install-recommends chromium`);
  if (!existsSync(CONSOLE_BUILD)) throw new Error('no dist/console: run `node tools/build.mjs` (it builds the console)');
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // without libfaketime: Chromium under a moved clock never finishes loading a page (the CI's faketime runs,
    // docs/testing.md); the browser is a client on a PC with its own clock, every time that matters is the services'
    env: testConfig.realClockEnv,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const device = async (): Promise<Page> => {
    const context = await browser.newContext({
      // as a hall PC set to reduce motion (the console then turns Ant Design's animations off): nothing waits for a
      // drawer to finish sliding
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    return context.newPage();
  };
  const page = await device();
  return {
    page,
    device,
    shot: async (p, name) => {
      await p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
}
