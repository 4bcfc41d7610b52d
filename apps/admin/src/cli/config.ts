/** The environment of `npm run admin:create`, read once (the only place in src/cli that reads process.env). */
export const cliConfig = {
  databaseUrl: process.env['DATABASE_URL'],
};
