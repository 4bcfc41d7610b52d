/**
 * The web console in a real browser (Debian's Chromium through playwright-core), served by the gateway from
 * dist/console: a clerk logs in, calls a ticket, fills an application as they type (check characters checked on
 * the spot), pre-checks it and accepts it with the keyboard alone, sees the case number and the acceptance notice
 * in a new tab; the hall's display board shows a ticket called within one second; the supervisor sees the charts and
 * acknowledges an overdue task's red alarm; the administrator creates an account whose one-time password logs in;
 * the applicant sees their case on /portal after an SMS code and rates the decision through the completion SMS's
 * link /r/<token>; an online application on /portal with its PDF uploaded after the SMS login, found by the window
 * clerk, who hands a case's paper original to a department (listed as outstanding) and accepts the online application
 * at the window; a consultation recorded and closed at the consultation desk. Screenshots: tmp/artifacts/console.
 *
 * Three tracks run side by side, each in its own tab (Chromium gives each its own renderer process, so both cores
 * share the browser's work): the case from ticket to rating (A), the online application and the department's
 * procedures (B), supervision and administration (C). Within a track the tests run one after the other, each once
 * the one before it has passed; they touch nothing another track reads at the same time (the service clocks are
 * moved only by `prepare()`, which the tracks' first tests touching intake or review wait for).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, aResidentId, eventually, FAKE_EXE, SAMPLE_PDF, startProvinceStub, type ProvinceStub } from '@yichuang/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser.js';
import { DEMO_PASSWORD, setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; name: string; materials: { code: string; name: string; required: boolean; forms: string[] }[] }

/** a track's test: its body gets the track's tab */
type TrackTest = (page: Page) => Promise<void>;
/** long enough for a track's last test, which starts with the track and waits for the tests before it */
const TRACK_TIMEOUT = 240_000;
const SUITE = 'the web console in Chromium';

/**
 * Whether `-t` left this test out: Jest then never runs its body, and the track's next test must not wait for it.
 * Read from jest-circus's run state (no public accessor); nothing is left out when it cannot be read.
 */
function filteredOut(title: string): boolean {
  const state = Object.getOwnPropertySymbols(globalThis).find((s) => s.description === 'JEST_STATE_SYMBOL');
  const pattern = state ? (globalThis as unknown as Record<symbol, { testNamePattern?: RegExp | null } | undefined>)[state]?.testNamePattern : null;
  return pattern ? !pattern.test(`${SUITE} ${title}`) : false;
}

/**
 * A track: tests declared with it run one after the other in `tab()` (each `it.concurrent`, waiting for the track's
 * previous test; one that failed fails the rest of its track at once), side by side with the other tracks' tests.
 * Declaring a test answers a function telling whether it passed, for a test of another track that walks on.
 */
function track(tab: () => Page) {
  const declared: { title: string; outcome: Promise<boolean> }[] = [];
  return (title: string, fn: TrackTest): (() => Promise<boolean>) => {
    const earlier = [...declared].reverse();
    let settle: (passed: boolean) => void = () => undefined;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    declared.push({ title, outcome });
    (process.env['SEQ'] ? it : it.concurrent)(
      title,
      async () => {
        try {
          const previous = earlier.find((t) => !filteredOut(t.title));
          if (previous && !(await previous.outcome)) throw new Error(`not run: "${previous.title}" (of its track) failed`);
          await fn(tab());
          settle(true);
        } catch (err) {
          settle(false);
          throw err;
        }
      },
      TRACK_TIMEOUT,
    );
    return () => (filteredOut(title) ? Promise.resolve(false) : outcome);
  };
}

describe(SUITE, () => {
  let e: E2E;
  let b: Browser;
  /** the provincial platforms (the 投资项目在线审批监管平台's project register for the window's lookup) */
  let province: ProvinceStub;
  const tabs: Page[] = [];
  /** the case the clerk accepts in the browser (track A), walked on by the next tests */
  let caseNo = '';
  const contact = { name: '李四', idNumber: aResidentId() };

  const A = track(() => tabs[0] as Page);
  const B = track(() => tabs[1] as Page);
  const C = track(() => tabs[2] as Page);

  beforeAll(async () => {
    province = await startProvinceStub();
    const env = { PROVINCE_TZXM_URL: province.projectsUrl, PROVINCE_TZXM_APP_ID: province.appId, PROVINCE_TZXM_APP_SECRET: province.secret };
    [e, b] = await Promise.all([startE2E({ env }), launchBrowser()]);
    tabs.push(b.page, await b.device(), await b.device());
    for (const t of tabs) t.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await b?.close();
    await e?.stop();
    await province?.close();
  });

  /** API tokens by username for the requests that prepare or check state, each account logged in once (a login costs a password hash) */
  const tokens = new Map<string, Promise<string>>();
  const token = (username: string): Promise<string> => {
    if (!tokens.has(username)) tokens.set(username, e.http.login(username));
    return tokens.get(username) as Promise<string>;
  };

  /** the element that has the keyboard focus, as a person reads it */
  const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ''));

  /** press Tab until the focus is on a button reading `text` (at most `max` presses): reachable by keyboard */
  async function tabTo(page: Page, text: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await focused(page)) === text.replace(/\s+/g, '')) return;
    }
    throw new Error(`${text}: not reached with Tab`);
  }

  /** a staff login's answer (the API's, as the login page receives it) */
  const staffLogin = (username: string) => e.http.post<{ accessToken: string; refreshToken?: string; user: unknown }>('/api/v1/auth/login', { username, password: DEMO_PASSWORD });

  /** a staff session put into the tab as the login page leaves it (the login page itself is tested in track A), then `path` */
  async function signedIn(page: Page, answer: { body: { accessToken: string; refreshToken?: string; user: unknown } }, path: string): Promise<void> {
    if (!page.url().startsWith(e.http.base)) await page.goto(`${e.http.base}/login`);
    const { accessToken, refreshToken, user } = answer.body;
    await page.evaluate((s) => sessionStorage.setItem('yichuang.session', JSON.stringify(s)), { user, accessToken, ...(refreshToken ? { refreshToken } : {}) });
    await page.goto(`${e.http.base}${path}`);
  }

  /**
   * A staff member signed in as the login page leaves the tab (the page itself is driven by track A's first test and
   * by the department's reviewer): the API's login answer in the tab's session, then the home page, which opens the
   * person's first page.
   */
  async function login(page: Page, username: string): Promise<void> {
    await signedIn(page, await staffLogin(username), '/');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  /** the newest SMS of `template` to the case's applicant, as the dev provider keeps it (the case's notifications) */
  async function smsOf(template: string, after = 0, ofCase = caseNo): Promise<string> {
    const clerk = await token('clerk1');
    return eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${ofCase}/notifications`, clerk);
      const found = r.body.filter((m) => m.template === template);
      return found.length > after ? (found[found.length - 1]?.content ?? null) : null;
    }, 30_000);
  }

  /** the administrator's session for the admin pages (logged in once in track C's tab, then page to page by the menu) */
  let adminIn = false;
  async function adminAt(page: Page, menuItem: string): Promise<void> {
    if (!adminIn) {
      await login(page, 'admin');
      adminIn = true;
    }
    await page.getByRole('menuitem', { name: menuItem }).click();
  }

  /**
   * An application for ZRZY-001 (its required materials in their first form) pre-checked and accepted over the API
   * by `by`'s terminal: its case number, once the department's review task exists. Track B's cases are clerk2's (W02):
   * W01's evaluator pad rates W01's newest service of the day, track A's acceptance.
   */
  async function acceptedOverApi(by: 'clerk1' | 'clerk2', channel: 'hall' | 'assisted', phone: string, project: { name: string; location: string }): Promise<string> {
    const clerk = await token(by);
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-001') as Item;
    const app = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel,
        stage: 1,
        itemCodes: [item.code],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone },
        project: { code: aProjectCode(), ...project },
        materials: item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })),
      },
      clerk,
    );
    expect(app.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${app.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${app.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    await eventually(async () => (await e.http.get<{ tasks: unknown[] }>(`/api/v1/cases/${accepted.body.caseNo}`, clerk)).body.tasks?.[0], 30_000);
    return accepted.body.caseNo;
  }

  /** accepted on 2026-09-01 and overdue in review: the supervisor's red alarm (track C) */
  let overdue = '';
  /** accepted on 2026-09-01, its review clock spanning 2026-09-03, the day the administrator makes a holiday (track C) */
  let running = '';

  /**
   * The two cases above, the intake and review services' clocks moved to 2026-09-01 and back (the demo calendar holds
   * 2025–2026, so any run date works), then the review service's sweep one day past their due date (both overdue:
   * the supervisor acknowledges `overdue`'s card). Started by the first test of each track that touches intake or
   * review (once, the others waiting for it), so that no test sees a moved clock; track C's first test, which only
   * logs a new account in, runs meanwhile.
   */
  let preparing: Promise<void> | undefined;
  const prepared = (): Promise<void> => (preparing ??= prepare());
  async function prepare(): Promise<void> {
    const supervisor = await token('supervisor1');
    const clerk = await token('clerk1');
    const at = (day: string) => `${day}T10:00:00+08:00`;
    await setClock(e, 'intake', at('2026-09-01'));
    await setClock(e, 'review', at('2026-09-01'));
    try {
      [overdue, running] = await Promise.all([
        acceptedOverApi('clerk1', 'assisted', '13912345678', { name: '新县城北安置小区建设项目', location: '新县新集镇' }),
        acceptedOverApi('clerk1', 'assisted', '13912345671', { name: '新县城东安置小区建设项目', location: '新县新集镇' }),
      ]);
      const due = (await e.http.get<{ tasks: { dueDate: string }[] }>(`/api/v1/cases/${overdue}`, clerk)).body.tasks[0]?.dueDate as string;
      const after = new Date(`${due}T00:00:00Z`);
      after.setUTCDate(after.getUTCDate() + 1);
      await setClock(e, 'review', at(after.toISOString().slice(0, 10)));
      expect((await e.http.post('/api/v1/supervision/sweep', undefined, supervisor)).status).toBe(200);
    } finally {
      await setClock(e, 'intake', null);
      await setClock(e, 'review', null);
    }
  }

  it('serves the console under / with its cache headers, the API untouched', async () => {
    const index = await fetch(`${e.http.base}/window`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    // helmet's CSP (scripts of the same origin only), less the upgrade to https that would break a hall PC on plain HTTP
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect((await fetch(`${e.http.base}/api/health`)).headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${e.http.base}${asset}`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // an unknown API path is still the API's 404 in its error shape, not the console's page
    const api = await fetch(`${e.http.base}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('shows a ticket called on the display board within one second', async () => {
    const board = await b.device();
    await board.goto(`${e.http.base}/board`);
    await board.getByText('请以下号码到窗口办理').waitFor();
    await board.getByText('连接中…').waitFor({ state: 'detached' });
    const clerk2 = await token('clerk2');
    const t = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage2' });
    // the only stage-2 ticket waiting: W02 (stage 2 among its categories) calls it
    const called = await e.http.post<{ ticketNo: string }>('/api/v1/queue/call-next', { windowNo: 'W02' }, clerk2);
    const at = performance.now();
    expect(called.body.ticketNo).toBe(t.body.ticketNo);
    await board.getByTestId('board-calling').filter({ hasText: t.body.ticketNo }).waitFor({ timeout: 5000 });
    const seenAfter = performance.now() - at;
    await b.shot(board, '05-board');
    expect(seenAfter).toBeLessThan(1000);
    await board.close();
  });

  // ---- track A: the case from the queue ticket to the applicant's rating ----

  /** whether track A's first test accepted `caseNo` (track B hands its paper over) */
  const accepted = A('logs a clerk in (the API’s Chinese error first), calls a ticket, and accepts an application with the keyboard alone', async (page) => {
    await prepared();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // every error the page logged (a CSP violation included) and every failed answer, but the wrong password's 401
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/api/v1/auth/login'))) errors.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(`${e.http.base}/`);
    await page.getByLabel('用户名').fill('clerk1');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await b.shot(page, '01-login-error');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(/\/window$/);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('W01');

    // a ticket from the ticket machine, called at the window
    const ticket = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage1' });
    expect(ticket.status).toBe(201);
    await page.getByRole('button', { name: '叫下一位' }).click();
    await page.getByTestId('current-ticket').filter({ hasText: ticket.body.ticketNo }).waitFor();

    // the application, typed as the clerk would: focus by label, keys only
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-001') as Item;
    // focused by label, then typed: key by key where the test reads what the clerk sees while typing (the check
    // characters), else committed at once as an input method or a scanner does (insertText: each key is a render)
    const type = async (label: string, text: string, keyByKey = false) => {
      await page.getByLabel(label, { exact: true }).focus();
      if (keyByKey) await page.keyboard.type(text);
      else await page.keyboard.insertText(text);
    };
    await page.getByRole('checkbox', { name: new RegExp(item.name) }).focus();
    await page.keyboard.press('Space');
    await type('申请人名称', '新县城投建设有限公司');
    const code = aCreditCode();
    const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    await type('统一社会信用代码', wrong, true);
    await page.getByText(`统一社会信用代码校验位应为${code.charAt(17)}，不是${wrong.charAt(17)}`).waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.type(code.charAt(17));
    await page.getByText(/校验位应为/).waitFor({ state: 'detached' });
    await type('手机号码', '1391234567', true);
    await page.getByText('手机号码应为11位中国大陆手机号（以13至19开头）').waitFor();
    await page.keyboard.type('8');
    await type('项目代码', aProjectCode());
    await type('项目名称', '新县城北安置小区建设项目');
    await type('建设地点', '新县新集镇城北路');
    await type('联系人姓名', contact.name);
    await type('联系人公民身份号码', contact.idNumber);
    await type('联系人手机号码', '13912340000');
    for (const m of item.materials.filter((x) => x.required)) {
      await page.getByRole('checkbox', { name: new RegExp(m.name.replace(/[()（）]/g, '.')) }).first().focus();
      await page.keyboard.press('Space');
    }
    await b.shot(page, '02-application-filled');
    await tabTo(page, '提交并预审');
    // the focus is visible on the button reached by keyboard
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.getByText('预审通过：材料齐全，符合法定形式，可以受理').waitFor();
    await b.shot(page, '03-precheck-complete');

    // accept: the acceptance notice opens in a new tab, the case number is shown
    const popup = page.waitForEvent('popup');
    await tabTo(page, '受理并打印受理通知书');
    await page.keyboard.press('Enter');
    const tab = await popup;
    await tab.waitForURL(/^blob:/);
    const caseText = await page.getByTestId('case-no').textContent();
    caseNo = /案件编号\s*(\S+)/.exec(caseText ?? '')?.[1] as string;
    expect(caseNo).toBeTruthy();
    await b.shot(page, '04-accepted');
    await tab.close();
    const clerk = await token('clerk1');
    const c = await e.http.get<{ caseNo: string; items: unknown }>(`/api/v1/cases/${caseNo}`, clerk);
    expect(c.status).toBe(200);
    expect(c.body.caseNo).toBe(caseNo);
    expect(errors).toEqual([]);

    // logging out leads back to the login page, and the pages need a login again
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${e.http.base}/window`);
    await page.waitForURL(/\/login$/);
  });

  A('lists what is missing at the pre-check, prints the one-time notice, and rejects with a written decision', async (page) => {
    await login(page, 'clerk1');
    await page.waitForURL(/\/window$/);
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-002') as Item;
    await page.getByRole('checkbox', { name: new RegExp(item.name) }).check();
    await page.getByRole('radio', { name: '个人' }).check();
    await page.getByLabel('申请人名称', { exact: true }).fill('张三');
    await page.getByLabel('公民身份号码', { exact: true }).fill(aResidentId());
    await page.getByLabel('手机号码', { exact: true }).fill('13912345679');
    await page.getByLabel('项目代码', { exact: true }).fill(aProjectCode());
    await page.getByLabel('项目名称', { exact: true }).fill('新县村民住宅');
    await page.getByLabel('建设地点', { exact: true }).fill('新县箭厂河乡');
    // nothing ticked: every required material is listed as missing
    await page.getByRole('button', { name: '提交并预审' }).click();
    const problems = page.getByTestId('precheck').getByRole('alert');
    await problems.waitFor();
    const required = item.materials.filter((m) => m.required);
    await expect(problems.locator('li').count()).resolves.toBe(required.length);
    for (const m of required) await expect(problems.textContent()).resolves.toContain(`${m.name}：未提交`);
    await expect(problems.textContent()).resolves.toMatch(/一次性告知书 \S+〔\d{4}〕\d+号/);
    await b.shot(page, '10-precheck-problems');
    const notice = page.waitForEvent('popup');
    await page.getByRole('button', { name: '打印一次性告知书' }).click();
    const noticeTab = await notice;
    await noticeTab.waitForURL(/^blob:/);
    await noticeTab.close();

    await page.getByRole('button', { name: '不予受理' }).click();
    await page.getByLabel('不予受理理由').fill('申请事项属于市级审批权限');
    await page.getByLabel('告知向何机关申请（选填）').fill('信阳市自然资源和规划局');
    const decision = page.waitForEvent('popup');
    await page.getByRole('button', { name: '确定不予受理并打印决定书' }).click();
    const decisionTab = await decision;
    await decisionTab.waitForURL(/^blob:/);
    await decisionTab.close();
    await page.getByText(/已不予受理，决定书 \S+/).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  A("rates the acceptance on the window's evaluator pad: bound by its device secret, five large buttons", async () => {
    expect(caseNo).not.toBe('');
    const clerk = await token('clerk1');
    // the acceptance is a service event of W01 once the evaluation service has seen the case accepted
    await eventually(async () => ((await e.http.get<unknown[]>(`/api/v1/cases/${caseNo}/service-events`, clerk)).body as unknown[]).length > 0);
    const pad = await e.http.post<{ deviceSecret: string }>('/api/v1/evaluation-pads', { windowNo: 'W01' }, await token('admin'));
    expect(pad.status).toBe(201);
    const tablet = await b.device();
    await tablet.goto(`${e.http.base}/pad`);
    await tablet.getByLabel('窗口号').fill('W01');
    await tablet.getByLabel('设备密钥').fill(pad.body.deviceSecret);
    await tablet.getByRole('button', { name: '绑 定' }).or(tablet.getByRole('button', { name: '绑定' })).click();
    await tablet.getByText('请对 W01 窗口的服务进行评价').waitFor();
    await b.shot(tablet, '06-pad');
    await tablet.getByRole('button', { name: '非常满意', exact: true }).click();
    await tablet.getByRole('status').filter({ hasText: '感谢您的评价：非常满意' }).waitFor();
    const events = (await e.http.get<{ kind: string; rated?: boolean; rating?: unknown }[]>(`/api/v1/cases/${caseNo}/service-events`, clerk)).body;
    expect(JSON.stringify(events)).toContain('very_satisfied');
    await tablet.close();
  });

  A("lets the department claim and decide the task in its inbox, which shows 剩余N个工作日 with the alarm colour", async (page) => {
    await login(page, 'zrzy1');
    await page.waitForURL(/\/department$/);
    const row = page.getByRole('row').filter({ hasText: caseNo });
    await eventually(async () => {
      if (await row.count()) return true;
      await page.getByRole('button', { name: '刷新' }).or(page.getByRole('button', { name: '刷 新' })).click();
      return false;
    });
    await expect(row.getByTestId('remaining').textContent()).resolves.toMatch(/^剩余\d+个工作日/);
    await b.shot(page, '07-department-inbox');
    await row.getByRole('button', { name: /签收/ }).click();
    await row.getByRole('button', { name: /审批决定/ }).click();
    await page.getByLabel('审批意见').fill('材料齐全，符合法定条件，准予许可。');
    await page.getByRole('button', { name: '提交决定' }).click();
    await row.getByText('准予许可').first().waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  A('hands the result over at the pick-up desk to the contact recorded on the application', async (page) => {
    await login(page, 'pickup1');
    await page.waitForURL(/\/pickup$/);
    const row = page.getByRole('row').filter({ hasText: caseNo });
    // the certificate is issued once the decision has travelled (review → intake → certificate): 刷新 until it is here
    await eventually(async () => {
      await page.getByRole('button', { name: /^刷\s*新$/ }).click();
      await page.getByText('领证窗口：待领取的办理结果').waitFor();
      return (await row.count()) > 0;
    }, 30_000);
    // an expired access token (here: a broken one) is renewed with the refresh token, the page goes on
    await page.evaluate(() => {
      const key = 'yichuang.session';
      const s = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { accessToken: string };
      sessionStorage.setItem(key, JSON.stringify({ ...s, accessToken: `${s.accessToken}x` }));
    });
    await page.reload();
    await row.first().waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await b.shot(page, '08-pickup');
    await row.first().getByRole('button', { name: /交付/ }).click();
    await page.getByLabel('领取人姓名').fill(contact.name);
    await page.getByLabel('领取人公民身份号码').fill(contact.idNumber);
    await page.getByRole('button', { name: '确认交付' }).click();
    await row.first().waitFor({ state: 'detached' });
    const clerk = await token('clerk1');
    const c = await eventually(async () => {
      const r = await e.http.get<{ status: string }>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'delivered' || r.body.status === 'closed' ? r.body : null;
    });
    expect(['delivered', 'closed']).toContain(c.status);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  A('shows the applicant their own case after an SMS code: the departments, the timeline, a notice to download; the token only in the tab', async () => {
    expect(caseNo).not.toBe('');
    const clerk = await token('clerk1');
    const before = (await e.http.get<{ template: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body.filter((m) => m.template === 'PORTAL_CODE').length;
    const p = await b.device();
    await p.goto(`${e.http.base}/portal`);
    await p.getByLabel('办件编号（受理前填申请编号）').fill(caseNo);
    await p.getByLabel('手机号码', { exact: true }).fill('13912345678');
    await p.getByRole('button', { name: '获取验证码' }).click();
    await p.getByRole('status').filter({ hasText: '验证码已通过短信发送' }).waitFor();
    const code = /验证码为(\d{6})/.exec(await smsOf('PORTAL_CODE', before))?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    // a wrong code first: the API's Chinese reason
    await p.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
    await p.getByRole('button', { name: '查看办件' }).click();
    await p.getByRole('alert').filter({ hasText: '验证码错误，还可尝试4次' }).waitFor();
    await p.getByLabel('短信验证码').fill(code);
    await p.getByLabel('短信验证码').press('Enter');
    await p.getByText('办件概况').waitFor();
    await p.getByText(caseNo, { exact: true }).waitFor();
    // the department's task, decided by zrzy1 above; the timeline's steps
    await expect(p.getByTestId('remaining').first().textContent()).resolves.toBe('已办结：准予许可');
    await p.getByText('办理进程').waitFor();
    expect(await p.locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(2);
    await b.shot(p, '13-portal-case');
    // the acceptance notice opens as a PDF in a new tab
    const popup = p.waitForEvent('popup');
    await p.getByRole('button', { name: /^下载受理通知书/ }).click();
    const tab = await popup;
    await tab.waitForURL(/^blob:/);
    await tab.close();
    // the applicant token lives in this tab only, never in localStorage; logging out forgets it
    const stored = await p.evaluate(() => ({ tab: sessionStorage.getItem('yichuang.portal'), local: JSON.stringify(localStorage) }));
    expect(stored.tab).toContain('accessToken');
    expect(stored.local).not.toContain('accessToken');
    await p.getByRole('button', { name: /^退\s*出$/ }).click();
    await p.getByLabel('短信验证码').waitFor();
    await expect(p.evaluate(() => sessionStorage.getItem('yichuang.portal'))).resolves.toBeNull();
    await p.close();
  });

  A("rates the decision once through the completion SMS's link /r/<token> (no login), and says 已评价 the second time", async () => {
    expect(caseNo).not.toBe('');
    const token = /\/r\/([A-Za-z0-9_-]{16})/.exec(await smsOf('RESULT_READY'))?.[1] as string;
    expect(token).toBeTruthy();
    // evaluation records the link once it has heard of the invitation
    await eventually(async () => (await e.http.get(`/api/v1/evaluations/link/${token}`)).status === 200, 30_000);
    const p = await b.device();
    await p.goto(`${e.http.base}/r/${token}`);
    await p.getByText(/^审批（.+）：待评价$/).waitFor();
    await p.getByLabel('意见建议（选填）').fill('审批很快，服务周到');
    await b.shot(p, '14-rating-link');
    await p.getByRole('button', { name: '满意', exact: true }).click();
    await p.getByRole('status').filter({ hasText: /感谢您的评价！您对“审批（.+）”的评价为：满意/ }).waitFor();
    await expect(p.getByTestId('link-closed').textContent()).resolves.toMatch(/^已评价/);
    // opened again: 已评价, no buttons to rate with
    await p.reload();
    await p.getByTestId('link-closed').filter({ hasText: '已评价' }).waitFor();
    await expect(p.getByRole('button', { name: '满意', exact: true }).count()).resolves.toBe(0);
    await p.close();
    const again = await e.http.post<{ error: { code: string } }>('/api/v1/evaluations/link', { token, level: 'very_satisfied' });
    expect(again.status).toBe(410);
  });

  // ---- track B: the online application, paper custody and the department's procedures ----

  /** the application the applicant submits online on /portal (walked on by the window's test) */
  let online = '';
  /** clerk2's login answer (W02, as track B's other cases), taken while the applicant types: the window test's session */
  let clerkLogin: ReturnType<typeof staffLogin> | undefined;
  let consultLogin: ReturnType<typeof staffLogin> | undefined;

  B('takes an online application on /portal (check characters as typed), then the SMS login and a PDF upload; waits for the pre-check', async (page) => {
    await prepared();
    // the staff logins of the next tests, while the applicant types (the password hash takes its time)
    clerkLogin = staffLogin('clerk2');
    consultLogin = staffLogin('consult1');
    const phone = '13912345601';
    await page.goto(`${e.http.base}/portal`);
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-001') as Item;
    const m1 = item.materials.find((m) => m.forms.includes('electronic'));
    if (!m1) throw new Error('no electronic material');
    await page.getByText('网上申报', { exact: true }).click();
    await page.getByRole('checkbox', { name: new RegExp(item.name) }).check();
    await page.getByLabel('申请人名称').fill('新县城投建设有限公司');
    const code = aCreditCode();
    const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    await page.getByLabel('统一社会信用代码').fill(wrong);
    await page.getByText(`统一社会信用代码校验位应为${code.charAt(17)}，不是${wrong.charAt(17)}`).waitFor();
    await page.getByLabel('统一社会信用代码').fill(code);
    await page.getByLabel('手机号码', { exact: true }).fill(phone);
    await page.getByLabel('项目代码').fill(aProjectCode());
    await page.getByLabel('项目名称').fill('新县城东安置小区建设项目');
    await page.getByLabel('建设地点').fill('新县新集镇城东路');
    await page.getByRole('button', { name: '提交申请' }).click();
    const said = await page.getByRole('status').filter({ hasText: '申请已提交，申请编号' }).textContent();
    online = /申请编号 ([0-9a-f-]{36})/.exec(said ?? '')?.[1] as string;
    expect(online).toBeTruthy();
    // the login form comes back filled with the application number and the phone: only the code is missing
    await page.getByRole('button', { name: '获取验证码' }).click();
    const clerk = (await clerkLogin).body.accessToken;
    const sms = await eventually(async () => (await e.http.get<{ template: string; content: string }[]>(`/api/v1/applications/${online}/notifications`, clerk)).body.find((m) => m.template === 'PORTAL_CODE')?.content ?? null, 30_000);
    await page.getByLabel('短信验证码').fill(/验证码为(\d{6})/.exec(sms)?.[1] as string);
    await page.getByLabel('短信验证码').press('Enter');
    await page.getByTestId('waiting-precheck').filter({ hasText: '申请已提交，等待窗口预审' }).waitFor();
    const input = page.getByLabel(`上传《${m1.name}》`);
    await input.setInputFiles({ name: '申请表.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK') });
    await page.getByRole('alert').filter({ hasText: '仅支持PDF、JPG、PNG格式的文件' }).waitFor();
    await input.setInputFiles({ name: '用地申请表.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await page.getByRole('status').filter({ hasText: '已上传：用地申请表.pdf' }).waitFor();
    await page.evaluate(() => sessionStorage.removeItem('yichuang.portal'));
  });

  B('lets the window clerk find the online application, hand paper over to a department and see it outstanding, then pre-check and accept the online application', async (page) => {
    expect(online).not.toBe('');
    if (!(await accepted())) throw new Error('not run: no case accepted at the window (track A)');
    await signedIn(page, await (clerkLogin ?? staffLogin('clerk2')), '/window/paper');
    const ref = page.getByLabel('申请编号或办件编号');
    await ref.fill(online);
    await ref.press('Enter');
    const found = page.getByTestId('application');
    await found.getByText('待窗口预审').waitFor();
    await found.getByText('网上申报').waitFor();
    await found.getByText(/用地申请表\.pdf/).waitFor();
    // the case accepted at the window above: its paper originals, one handed to the department's reviewer
    await ref.fill(caseNo);
    await ref.press('Enter');
    await found.getByText(caseNo).waitFor();
    const first = page.getByRole('form', { name: '移交部门' }).getByRole('checkbox').first();
    const material = ((await first.locator('xpath=ancestor::label').textContent()) ?? '').trim();
    await first.check();
    await page.getByLabel('接收人（部门审批人员用户名）').fill('zrzy1');
    await page.getByRole('button', { name: '确认移交' }).click();
    await page.getByRole('table', { name: '未归还的纸质材料' }).getByRole('row').filter({ hasText: caseNo }).filter({ hasText: material }).filter({ hasText: 'zrzy1' }).waitFor();
    await page.getByRole('table', { name: '纸质材料' }).getByText(/已移交 zrzy1/).waitFor();

    // the online application taken up at the comprehensive window: opened by its number, pre-checked, accepted
    await page.goto(`${e.http.base}/window`);
    const opener = page.getByLabel('已提交申请的申请编号');
    await opener.fill(online);
    await opener.press('Enter');
    const opened = page.getByTestId('opened-application');
    await opened.getByText('网上申报').waitFor();
    await opened.getByText(/用地申请表\.pdf/).waitFor();
    await opened.getByRole('button', { name: /^预\s*审$/ }).click();
    await page.getByText('预审通过：材料齐全，符合法定形式，可以受理').waitFor();
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: '受理并打印受理通知书' }).click();
    const tab = await popup;
    await page.getByTestId('case-no').filter({ hasText: '受理成功，案件编号' }).waitFor();
    await tab.close();
  });

  B('fills the project from the 投资项目在线审批监管平台 when the clerk types a registered project code (项目代码核验)', async (page) => {
    const code = aProjectCode();
    province.addProject(code, { name: '新县产业集聚区标准化厂房项目', owner: '新县产业集聚区投资开发有限公司', location: '新县产业集聚区纬一路' });
    // the window after the online application's acceptance (the test before): the next one
    await page.getByRole('button', { name: '办理下一件' }).first().click();
    await page.getByLabel('项目代码').fill(code);
    await page.getByTestId('project-lookup').filter({ hasText: '已从投资项目在线审批监管平台带出项目信息' }).waitFor();
    await expect(page.getByLabel('项目名称').inputValue()).resolves.toBe('新县产业集聚区标准化厂房项目');
    await expect(page.getByLabel('建设地点').inputValue()).resolves.toBe('新县产业集聚区纬一路');
    await expect(page.getByLabel('申请人名称').inputValue()).resolves.toBe('新县产业集聚区投资开发有限公司');
    // a code the platform does not know: said, not refused
    await page.getByLabel('项目代码').fill(aProjectCode());
    await page.getByTestId('project-lookup').filter({ hasText: '可以继续受理' }).waitFor();
    await b.shot(page, '22-project-lookup');
  });

  B('lets the department head assign a task; the reviewer gives an opinion, runs a special procedure shown in the day ledger and asks for corrections (补正中)', async (page) => {
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-001') as Item;
    const no = await acceptedOverApi('clerk2', 'hall', '13912345671', { name: '新县城东安置小区建设项目', location: '新县新集镇城东路' });
    const head = await token('zrzy_head');
    await eventually(async () => (await e.http.get<unknown[]>(`/api/v1/review/tasks?caseNo=${no}`, head)).body.length > 0, 30_000);

    // the department head at this terminal, the reviewer at their own (logging in meanwhile)
    const reviewer = await b.device();
    const reviewerIn = (async () => {
      await reviewer.goto(`${e.http.base}/login`);
      await reviewer.getByLabel('用户名').fill('zrzy1');
      await reviewer.getByLabel('密码').fill(DEMO_PASSWORD);
      await reviewer.getByLabel('密码').press('Enter');
      await reviewer.getByRole('button', { name: '退出登录' }).waitFor();
    })();
    await login(page, 'zrzy_head');
    const row = page.getByRole('row').filter({ hasText: no });
    await row.getByRole('button', { name: /^办理/ }).click();
    await page.getByTestId('detail-assignee').filter({ hasText: '未分派' }).waitFor();
    await page.getByRole('button', { name: /^分\s*派$/ }).click();
    await page.getByLabel('承办人账号').fill('zrzy1');
    await page.getByLabel('分派说明').fill('请尽快审查');
    await page.getByRole('form', { name: '分派承办人' }).getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('detail-assignee').filter({ hasText: 'zrzy1' }).waitFor();

    // the reviewer: an opinion, a hearing (the clock stops; the ledger shows it) and its end, a correction
    await reviewerIn;
    const r = reviewer;
    await r.getByRole('row').filter({ hasText: no }).getByRole('button', { name: /^办理/ }).click();
    await r.getByRole('button', { name: '填写审查意见' }).click();
    await r.getByLabel('审查意见', { exact: true }).fill('用地范围与规划条件一致，拟同意。');
    await r.getByRole('form', { name: '填写审查意见' }).getByRole('button', { name: /提\s*交/ }).click();
    await r.getByTestId('opinions').getByText('用地范围与规划条件一致，拟同意。').waitFor();
    await r.getByRole('button', { name: '启动特殊程序' }).click();
    await r.getByLabel('特殊程序', { exact: true }).click();
    await r.locator('.ant-select-item-option').filter({ hasText: '听证' }).click();
    await r.getByLabel('事由').fill('涉及相邻权利人重大利益，依申请组织听证');
    await r.getByLabel('预计所需工作日').fill('5');
    await r.getByRole('form', { name: '启动特殊程序' }).getByRole('button', { name: /提\s*交/ }).click();
    const hearing = r.getByTestId('ledger-pauses').getByRole('row').filter({ hasText: '特殊程序·听证' });
    await hearing.filter({ hasText: '进行中' }).waitFor();
    await expect(r.getByTestId('detail-clock').textContent()).resolves.toMatch(/^特殊程序中，暂停计时（剩余\d+个工作日）/);
    await r.getByRole('button', { name: '结束特殊程序，恢复计时' }).click();
    await expect(hearing.filter({ hasText: '当日结束' }).textContent()).resolves.toContain('不计入0个工作日（预计5个工作日）');
    await r.getByRole('button', { name: '要求补正' }).click();
    const m1 = item.materials.find((m) => m.required) ?? item.materials[0];
    if (!m1) throw new Error('no material');
    await r.getByLabel('第1项 材料').click();
    await r.locator('.ant-select-item-option').filter({ hasText: m1.name }).first().click();
    await r.getByLabel('第1项 需补正的内容').fill('规划图缺少坐标');
    await r.getByRole('form', { name: '要求补齐补正' }).getByRole('button', { name: /提\s*交/ }).click();
    await r.getByTestId('detail-status').filter({ hasText: '补正中' }).waitFor();
    await r.getByTestId('ledger-pauses').getByRole('row').filter({ hasText: '补齐补正' }).filter({ hasText: '进行中' }).waitFor();
    await b.shot(r, '17-department-ledger');
    await r.getByRole('button', { name: '关闭办理' }).click();
    await r.getByRole('row').filter({ hasText: no }).getByText('补正中').first().waitFor();
    await r.close();
    await page.getByRole('button', { name: '关闭办理' }).click();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  B('answers a correction on /portal: a file that is no PDF/JPG/PNG refused in Chinese, the PDF uploaded, 提交补正材料 resumes the task', async () => {
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
    const item = items.find((i) => i.code === 'ZRZY-001') as Item;
    const phone = '13912345670';
    const other = await acceptedOverApi('clerk2', 'hall', phone, { name: '新县城南安置小区建设项目', location: '新县新集镇城南路' });
    const zrzy = await token('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${other}`, zrzy)).body[0], 30_000);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    const m1 = item.materials.find((m) => m.required && m.forms.includes('electronic')) ?? item.materials[0];
    if (!m1) throw new Error('no material');
    const asked = await e.http.post(`/api/v1/review/tasks/${task.id}/request-correction`, { items: [{ materialCode: m1.code, description: '规划图缺少坐标' }] }, zrzy);
    expect(asked.status).toBe(200);

    const p = await b.device();
    await p.goto(`${e.http.base}/portal`);
    await p.getByLabel('办件编号（受理前填申请编号）').fill(other);
    await p.getByLabel('手机号码', { exact: true }).fill(phone);
    await p.getByRole('button', { name: '获取验证码' }).click();
    const code = /验证码为(\d{6})/.exec(await smsOf('PORTAL_CODE', 0, other))?.[1] as string;
    await p.getByLabel('短信验证码').fill(code);
    await p.getByLabel('短信验证码').press('Enter');
    // the correction reaches the case's timeline once intake has heard of it
    await eventually(async () => {
      await p.getByText('办件概况').waitFor();
      if ((await p.getByText(/规划图缺少坐标/).count()) > 0) return true;
      await p.reload();
      return false;
    }, 30_000);
    await expect(p.getByTestId('remaining').first().textContent()).resolves.toMatch(/^待补正，暂停计时/);
    const input = p.getByLabel(`上传《${m1.name}》`);
    await input.setInputFiles({ name: 'setup.pdf', mimeType: 'application/pdf', buffer: FAKE_EXE });
    const refused = p.getByRole('alert').filter({ hasText: /[\u4e00-\u9fff]/ });
    await refused.waitFor();
    expect(await refused.textContent()).not.toContain('请求未成功');
    await input.setInputFiles({ name: '规划图（补正）.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await p.getByRole('status').filter({ hasText: '已上传：规划图（补正）.pdf' }).waitFor();
    await b.shot(p, '15-portal-correction');
    await p.getByRole('button', { name: '提交补正材料' }).click();
    await p.getByRole('status').filter({ hasText: '补正材料已提交' }).waitFor();
    await eventually(async () => (await e.http.get<{ status: string }>(`/api/v1/review/tasks/${task.id}`, zrzy)).body.status === 'claimed');
    await p.close();
  });

  // ---- track C: supervision and administration ----

  C('makes a new account change its temporary password first, listing every problem of a weak one in Chinese', async (page) => {
    const created = await e.http.post<{ temporaryPassword: string }>(
      '/api/v1/admin/accounts',
      { username: 'li.na', displayName: '李娜', roles: ['clerk'], window: 'W02', phone: '13937600777' },
      await token('admin'),
    );
    expect(created.status).toBe(201);
    await page.goto(`${e.http.base}/login`);
    await page.getByLabel('用户名').fill('li.na');
    await page.getByLabel('密码').fill(created.body.temporaryPassword);
    await page.getByLabel('密码').press('Enter');
    await page.getByText('首次登录或密码已被重置，请先修改密码').waitFor();
    await page.getByLabel('原密码').fill(created.body.temporaryPassword);
    await page.getByLabel('新密码').fill('li.na');
    await page.getByRole('button', { name: '修改密码' }).click();
    const alert = page.getByRole('alert').filter({ has: page.locator('li') });
    await alert.waitFor();
    expect(await alert.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await alert.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await b.shot(page, '09-password-change');
    await page.getByLabel('新密码').fill('Hall-Window-2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.waitForURL(/\/window$/);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('李娜');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  C('shows the supervisor the statistics charts and an overdue task as a red alarm to acknowledge', async (page) => {
    await prepared();
    await login(page, 'supervisor1');
    await page.waitForURL(/\/supervision$/);
    // ECharts (its own bundle, loaded with the page) draws into a canvas inside the chart's container
    await page.getByTestId('chart-volumes').locator('canvas').first().waitFor();
    await page.getByTestId('chart-on-time').locator('canvas').first().waitFor();
    const alarm = page.getByRole('row').filter({ hasText: overdue }).filter({ hasText: '红牌警告' });
    await alarm.first().waitFor();
    await b.shot(page, '11-supervision');
    await alarm.first().getByRole('button', { name: /确认预警/ }).click();
    await alarm.first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  C('lets the administrator create a staff account, its one-time password shown once, with which the person logs in', async (page) => {
    await login(page, 'admin');
    await page.waitForURL(/\/admin\/accounts$/);
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.getByLabel('用户名').fill('wang.fang');
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('角色', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '窗口人员' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('所在窗口').fill('W02');
    await page.getByLabel('手机号码').fill('13937600778');
    await page.getByRole('button', { name: '保存账号' }).click();
    const password = (await page.getByTestId('temporary-password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(8);
    await b.shot(page, '12-admin-account');
    await page.getByRole('button', { name: '我已记下' }).click();
    await page.getByRole('row').filter({ hasText: 'wang.fang' }).filter({ hasText: '待改密码' }).waitFor();
    // the hall's windows (with the new clerk among W02's staff) and the departments
    await page.getByRole('menuitem', { name: '窗口与部门' }).click();
    await page.getByRole('row').filter({ hasText: 'W02' }).filter({ hasText: '王芳' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'ZRZY' }).first().waitFor();
    // an SMS template previewed on sample data, its problems in Chinese (nothing saved)
    await page.getByRole('menuitem', { name: '短信模板' }).click();
    await page.getByRole('button', { name: /^修改模板 / }).first().click();
    await page.getByLabel('模板内容').fill('没有签名的短信');
    await page.getByRole('button', { name: '预 览' }).or(page.getByRole('button', { name: '预览', exact: true })).click();
    await expect(page.getByRole('alert').filter({ has: page.locator('li') }).textContent()).resolves.toMatch(/[\u4e00-\u9fff]/);
    await page.keyboard.press('Escape');
    // the working-day calendar: the demo's loaded years with their holidays
    await page.getByRole('menuitem', { name: '工作日历' }).click();
    await page.getByText(/已载入节假日安排的年份：\d{4}年/).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);

    await page.getByLabel('用户名').fill('wang.fang');
    await page.getByLabel('密码').fill(password);
    await page.getByLabel('密码').press('Enter');
    await page.getByLabel('原密码').fill(password);
    await page.getByLabel('新密码').fill('Hall-Window-2027');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.waitForURL(/\/window$/);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('王芳');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });

  C('lets the administrator create a catalogue item with two materials (the form’s problems listed first) and see it in the list', async (page) => {
    await adminAt(page, '事项目录');
    await page.getByRole('button', { name: '新建事项' }).click();
    // nothing filled: the browser lists every problem, nothing is sent
    await page.getByRole('button', { name: '保存事项' }).click();
    const problems = page.getByRole('dialog').getByRole('alert');
    await problems.filter({ hasText: '请填写事项名称' }).filter({ hasText: '请填写设定依据' }).waitFor();
    await page.getByLabel('事项编码', { exact: true }).fill('FGW-901');
    await page.getByLabel('事项名称', { exact: true }).fill('企业投资项目备案变更');
    await page.getByLabel('实施部门', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '（FGW）' }).click();
    await page.getByLabel('第1项材料名称').fill('项目备案变更申请表');
    await page.getByRole('button', { name: '添加材料' }).click();
    await page.getByLabel('第2项材料名称').fill('原备案证明');
    await page.getByLabel('第2项是否必需').uncheck();
    await page.getByLabel('设定依据').fill('《企业投资项目核准和备案管理条例》第十四条');
    await page.getByRole('button', { name: '保存事项' }).click();
    await page.getByRole('status').filter({ hasText: '事项“企业投资项目备案变更”已新增' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'FGW-901' });
    await row.filter({ hasText: '2项' }).waitFor();
    await b.shot(page, '18-admin-catalogue');
    const item = (await e.http.get<(Item & { department: { code: string } })[]>('/api/v1/catalog/items')).body.find((i) => i.code === 'FGW-901');
    expect(item?.department.code).toBe('FGW');
    expect(item?.materials.map((m) => [m.name, m.required])).toEqual([
      ['项目备案变更申请表', true],
      ['原备案证明', false],
    ]);
  });

  C('lets the administrator make a working day a holiday (confirmed) and shows how many running deadlines moved', async (page) => {
    await prepared();
    await adminAt(page, '工作日历');
    await page.getByText(/已载入节假日安排的年份：\d{4}年/).waitFor();
    await page.getByRole('button', { name: '调整某日' }).click();
    const date = page.getByLabel('日期', { exact: true });
    await date.fill('2026-09-03');
    await date.press('Enter');
    await page.getByLabel('节日名称').fill('临时放假');
    await page.getByLabel('调整原因').fill('县政府通知临时放假一天');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByRole('dialog').filter({ hasText: /确定将2026年9月3日改为放假（临时放假）吗？/ }).getByRole('button', { name: '确定调整' }).click();
    const count = page.getByTestId('moved-count').filter({ hasText: /^此次调整使[1-9]\d*项在办期限发生变化$/ });
    await count.waitFor();
    await page.getByTestId('calendar-change').getByRole('row').filter({ hasText: running }).waitFor();
    await expect(page.getByTestId('calendar-change').textContent()).resolves.toContain('2026年9月3日：按星期（工作日或周末） → 放假（临时放假）');
    await b.shot(page, '19-admin-calendar-day');
    // the day back to normal for whatever runs after
    const admin = await token('admin');
    expect((await e.http.put('/api/v1/admin/calendar/days/2026-09-03', { kind: 'normal', note: 'e2e：恢复' }, admin)).status).toBe(200);
  });

  C("lets the administrator put a clerk on the hall's today's duty roster of a window (科室与值班)", async (page) => {
    await adminAt(page, '科室与值班');
    await page.getByRole('tab', { name: '窗口值班' }).click();
    await page.getByRole('button', { name: '安排值班 W02' }).click();
    await page.getByLabel('值班人员').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '（clerk2，本窗口）' }).click();
    // the list stays open over the dialog (Escape would close the dialog): the save button by keyboard
    await page.getByRole('button', { name: '保存值班' }).press('Enter');
    await page.getByRole('row').filter({ hasText: 'W02' }).locator('.ant-tag').filter({ hasText: '杨帆' }).waitFor();
    await b.shot(page, '20-admin-duty');
  });

  C('shows the administrator the audit trail (an earlier login), the SMS providers and registers an evaluator pad once', async (page) => {
    await adminAt(page, '审计与运维');
    await page.getByLabel('操作人').fill('clerk1');
    await page.getByLabel('操作', { exact: true }).fill('yc.rpc.admin.auth.verify.v1');
    await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).click();
    // the answer to the query replaces the unfiltered list: the administrator's own login leaves it
    const rows = page.getByTestId('audit-trail').getByRole('row');
    await rows.filter({ hasText: 'admin系统管理员' }).first().waitFor({ state: 'detached' });
    const login = rows.filter({ hasText: 'yc.rpc.admin.auth.verify.v1' }).filter({ hasText: 'clerk1窗口人员' }).filter({ hasText: '成功' });
    await login.first().waitFor();
    await expect(login.first().textContent()).resolves.toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}clerk1窗口人员/);
    await page.getByRole('tab', { name: '短信通道' }).click();
    await page.getByRole('row').filter({ hasText: 'dev（短信）' }).filter({ hasText: '正常' }).waitFor();
    await page.getByRole('tab', { name: '评价器登记' }).click();
    await page.getByLabel('窗口号').fill('W02');
    await page.getByRole('button', { name: '登记评价器' }).click();
    await page.getByText('W02 窗口的评价器已登记，设备密钥仅显示这一次').waitFor();
    await expect(page.getByTestId('device-secret').textContent()).resolves.toMatch(/^\S{16,}$/);
    await b.shot(page, '21-admin-audit-pad');
  });

  C("shows what the hall reports to the provincial platforms (省级平台对接): not connected here, the project codes not yet confirmed, a day's reconciliation", async (page) => {
    await adminAt(page, '省级平台对接');
    await page.getByTestId('exchange-counterparts').getByRole('row').filter({ hasText: '省政务服务网' }).filter({ hasText: '未接入' }).waitFor();
    // the case prepared on 2026-09-01 has a project code the 投资项目在线审批监管平台 (the stub) does not know
    await eventually(async () => {
      if ((await page.getByTestId('project-checks').getByRole('row').filter({ hasText: overdue }).filter({ hasText: '平台未登记' }).count()) > 0) return true;
      await page.getByRole('button', { name: /^刷\s*新$/ }).click();
      return false;
    }, 30_000);
    await page.getByLabel('对账日期').fill('2026-09-01');
    await page.getByRole('form', { name: '对账' }).getByRole('button', { name: /对\s*账/ }).click();
    await page.getByTestId('reconciliation').getByText('省政务服务网：未接入，未对账').waitFor();
    await b.shot(page, '23-provincial-exchange');
  });

  C('records a consultation at the consultation desk and closes it', async (page) => {
    await signedIn(page, await (consultLogin ?? staffLogin('consult1')), '/consultation');
    await page.getByLabel('主题').fill('施工许可需要哪些材料');
    await page.getByLabel('问题描述').fill('新建厂房办理施工许可需要提交哪些材料？');
    await page.getByLabel('联系人').fill('王五');
    await page.getByLabel('联系电话').fill('13912345602');
    await page.getByLabel('联系电话').press('Enter');
    const row = page.getByRole('row').filter({ hasText: '施工许可需要哪些材料' });
    await row.filter({ hasText: '办理中' }).waitFor();
    await b.shot(page, '16-consultation');
    await row.getByRole('button', { name: /^办结/ }).click();
    await page.getByLabel('办结情况').fill('已当面告知材料清单并发放办事指南');
    await page.getByRole('button', { name: /^确\s*定$/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
  });
});
