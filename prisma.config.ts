import { defineConfig } from 'prisma/config';
import { migrationAdapter } from './src/lib/db/migrate-adapter';

// The Prisma CLI runs on the Wasm schema engine through a driver adapter, so it downloads nothing
// (see README, "Prisma on machines without Prisma's binary host").
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  experimental: { adapter: true, studio: true },
  engine: 'js',
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the Prisma CLI needs a database (see README)');
    return migrationAdapter(url);
  },
});
