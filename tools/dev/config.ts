/** The environment of `npm start`, read once (the only place in tools/dev that reads process.env). */
const env = process.env;

export const startConfig = {
  databaseUrl: env['DATABASE_URL'],
  natsUrl: env['NATS_URL'],
  port: Number(env['PORT'] ?? 3000),
  host: env['HOST'] ?? '127.0.0.1',
  demoPassword: env['DEMO_PASSWORD'] ?? 'yichuang-demo',
  demoPasswordIsDefault: !env['DEMO_PASSWORD'],
  /** DEMO_DATA=false: an empty hall (no demo catalogue, windows or accounts); the first administrator via `npm run admin:create` */
  demoData: env['DEMO_DATA'] !== 'false',
  /** the gateway's JWT secret when given; else generated once and kept in .data/jwt-secret */
  jwtSecret: env['JWT_SECRET'],
  /** the key set that seals personal identity numbers when given (all three); else generated once into .data/pii-keys */
  piiKeys: env['PII_KEYS'] && env['PII_HMAC_KEY'] ? { PII_KEYS: env['PII_KEYS'], PII_HMAC_KEY: env['PII_HMAC_KEY'], ...(env['PII_KEY_ID'] ? { PII_KEY_ID: env['PII_KEY_ID'] } : {}) } : undefined,
  logLevel: env['LOG_LEVEL'] ?? 'log',
  verbose: env['LOG_LEVEL'] === 'debug' || env['VERBOSE'] === 'true',
  /** inherited by every app process */
  baseEnv: { PATH: env['PATH'] ?? '', HOME: env['HOME'] ?? '' },
};
