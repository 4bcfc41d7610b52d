/** The environment of `tools/audit/verify`, read once (the only place in tools/audit that reads process.env). */
export const verifyConfig = {
  databaseUrl: process.env['DATABASE_URL'],
};
