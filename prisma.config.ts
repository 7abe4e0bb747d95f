import { defineConfig } from 'prisma/config';
import { migrationAdapter } from './src/lib/db/migrate-adapter';

// The Prisma CLI runs on the Wasm schema engine through a driver adapter, so it downloads nothing
// (README, "Prisma without Prisma's binary host"). `prisma generate` needs no database, but when
// schema.prisma's env("DATABASE_URL") is unset Prisma 6.19 falls back to downloading a native query
// engine, which fails offline. A placeholder keeps generate offline, and the adapter turns any
// command that really needs a database into a clear error naming the missing setting.
// Migrations run as the schema owner: DATABASE_MIGRATION_URL when set, else DATABASE_URL (README,
// "Database roles and TLS"). Read here directly: env() would demand the server's other settings.
const databaseUrl = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
process.env.DATABASE_URL ??= 'postgresql://unset@127.0.0.1:1/unset';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  experimental: { adapter: true, studio: true },
  engine: 'js',
  adapter: async () => migrationAdapter(databaseUrl),
  // Prisma Studio (npm run db:studio) queries through this adapter on the Rust-free client runtime;
  // scripts/studio/offline-studio.cjs explains why the preload is also needed.
  studio: { adapter: async () => migrationAdapter(databaseUrl) },
});
