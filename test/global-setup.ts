import { createTestDatabase, type TestDatabase } from './database';

declare global {
  // eslint-disable-next-line no-var
  var __TEST_DATABASE__: TestDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase('test');
  globalThis.__TEST_DATABASE__ = database;
  // Workers inherit the environment of this process.
  process.env.TEST_DATABASE_URL = database.url;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // Every query a test runs also checks the query plan cache against Prisma's own plan.
  process.env.QUERY_PLAN_CACHE_VERIFY ??= 'true';
}
