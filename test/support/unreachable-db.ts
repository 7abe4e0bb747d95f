import { createDb, setDb, type DbHandle } from '../../src/lib/db/client';

/**
 * Runs `fn` with the process database swapped for one nobody listens on (127.0.0.1:1), as during
 * an outage, then puts the harness's own handle back (test/setup-env.ts closes that one) and closes
 * the dead one. `fn` gets the dead handle.
 */
export async function withUnreachableDatabase<T>(fn: (dead: DbHandle) => Promise<T>): Promise<T> {
  const dead = createDb('postgresql://postgres@127.0.0.1:1/nothing');
  const live = setDb(dead);
  try {
    return await fn(dead);
  } finally {
    if (live) setDb(live);
    await dead.close();
  }
}
