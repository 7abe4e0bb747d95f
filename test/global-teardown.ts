import { destroyTestDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  if (globalThis.__TEST_DATABASE__) await destroyTestDatabase(globalThis.__TEST_DATABASE__);
}
