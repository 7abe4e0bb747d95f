// npm run db:setup: create the database of DATABASE_URL if it is missing, then apply migrations.
// Both as the schema owner: DATABASE_MIGRATION_URL when set (README, "Database roles and TLS").
import { ensureDatabase, migrateDeploy } from '../src/lib/db/migrate';

const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start uses an embedded PostgreSQL without it; db:setup needs a server)');
  process.exit(1);
}
const created = await ensureDatabase(url);
console.log(created ? 'created database' : 'database exists');
process.stdout.write(await migrateDeploy(url));
