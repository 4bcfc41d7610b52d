/**
 * `npm run admin:create -- --username <name> [--display-name <姓名>] [--phone <mobile>] [--password-stdin]`
 *
 * Creates an administrator account directly in admin's own schema (running admin's migrations first, so it works
 * before the first start), for a hall set up without demo data. The password is read from standard input with
 * `--password-stdin` (one line), typed twice at a terminal, or else generated and printed once.
 * The database: DATABASE_URL, else the embedded PostgreSQL of a running `npm start` (.data/database-url).
 * Exit codes: 0 created, 2 refused (bad input, existing username), 1 failure (database unreachable …).
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { AppError } from '@yichuang/contracts';
import { createServiceDataSource } from '@yichuang/platform';
import { ADMIN_ENTITIES, ADMIN_MIGRATIONS } from '../app.module.js';
import { createAdministrator } from '../accounts/create-administrator.js';
import { generatePassword } from '../accounts/generate-password.js';
import { cliConfig } from './config.js';

// the migrations' progress lines are for services' logs, not for the person at the terminal
Logger.overrideLogger(['error', 'warn']);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');
const out = (s: string) => process.stdout.write(`${s}\n`);
const fail = (s: string, code: number): never => {
  process.stderr.write(`admin:create: ${s}\n`);
  process.exit(code);
};

async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const rl = readline.createInterface({ input, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/**
 * A password typed at the terminal without echo. Written by hand: readline's muted output is all it takes, and a
 * prompt library would be a dependency for ten lines.
 */
async function typed(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(question);
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function databaseUrl(): Promise<string> {
  if (cliConfig.databaseUrl) return cliConfig.databaseUrl;
  const saved = (await readFile(path.join(root, '.data', 'database-url'), 'utf8').catch(() => '')).trim();
  if (saved) return saved;
  return fail('no DATABASE_URL, and no running `npm start` with its embedded PostgreSQL (.data/database-url): set DATABASE_URL or start the system first', 1);
}

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    'display-name': { type: 'string', default: '系统管理员' },
    phone: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values.username) fail('--username is required: npm run admin:create -- --username <name> [--display-name <姓名>] [--phone <mobile>] [--password-stdin]', 2);
const username = values.username as string;

let password: string;
let generated = false;
if (values['password-stdin']) {
  password = await readLine(process.stdin);
} else if (process.stdin.isTTY) {
  password = await typed(`Password for ${username} (≥ 10 characters, 3 of: lower-case, upper-case, digits, others): `);
  if ((await typed('Again: ')) !== password) fail('the two passwords differ', 2);
} else {
  password = generatePassword();
  generated = true;
}

const ds = await createServiceDataSource({ schema: 'admin', url: await databaseUrl(), entities: ADMIN_ENTITIES, migrations: ADMIN_MIGRATIONS, poolSize: 1, applicationName: 'admin-create' }).catch((err: Error) =>
  fail(`cannot reach the database: ${err.message}`, 1),
);
try {
  await createAdministrator(ds, { username, displayName: values['display-name'] as string, password, ...(values.phone ? { phone: values.phone } : {}) });
} catch (err) {
  await ds.destroy();
  if (err instanceof AppError) fail(`refused: ${err.details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`, 2);
  throw err;
}
await ds.destroy();
out(`Administrator ${username} created.`);
if (generated) out(`Password (shown once, keep it safe): ${password}`);
out('Log in with POST /api/v1/auth/login.');
