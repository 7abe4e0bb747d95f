import { afterAll } from '@jest/globals';
import { createDb, setDb } from '../src/lib/db/client';

const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('TEST_DATABASE_URL is not set: run tests through `npm test`');
const handle = createDb(url);
setDb(handle);

afterAll(async () => {
  await handle.close();
});
