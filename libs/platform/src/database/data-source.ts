import pg from 'pg';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { PLATFORM_ENTITIES } from './platform-entities.js';
import { PrivateQueryLogger } from './query-logger.js';

// A PostgreSQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' in raw queries too
// (node-postgres would turn it into a midnight Date in the process's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export interface ServiceDataSourceOptions {
  /** the service name; also its PostgreSQL schema */
  schema: string;
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
  poolSize?: number;
  applicationName?: string;
}

export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    entities: [...PLATFORM_ENTITIES, ...(Array.isArray(o.entities) ? o.entities : [])] as DataSourceOptions['entities'],
    migrations: o.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    // Never: schemas change only through the committed migrations of each service.
    synchronize: false,
    logging: ['error'],
    // never TypeORM's console loggers: they print a failed query's parameters (personal data)
    logger: new PrivateQueryLogger(),
    // search_path = the service schema, so raw SQL names its own tables unqualified and nothing else
    extra: { max: o.poolSize ?? 10, application_name: o.applicationName ?? o.schema, options: `-c search_path=${o.schema}` },
  };
}

/**
 * Create the service's schema if needed and run its pending migrations, under a PostgreSQL advisory lock
 * so that several instances starting at once migrate exactly once.
 */
export async function migrateServiceSchema(dataSource: DataSource, url: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, application_name: `${schema}-migrate` });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`yichuang:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    if (!dataSource.isInitialized) await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`yichuang:migrate:${schema}`]).catch(() => undefined);
    await client.end();
  }
}

export async function createServiceDataSource(o: ServiceDataSourceOptions): Promise<DataSource> {
  const ds = new DataSource(serviceDataSourceOptions(o));
  await migrateServiceSchema(ds, o.url, o.schema);
  return ds;
}
