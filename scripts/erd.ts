import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ERD_PATH, renderErd } from './erd-render';

// `npm run erd`: regenerates docs/erd.md from prisma/schema.prisma (see scripts/erd-render.ts).
// `npm run erd -- --check`: exits with 1 when docs/erd.md is stale, writing nothing.
const target = fileURLToPath(ERD_PATH);
const markdown = renderErd();
let current: string | undefined;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = undefined;
}
const relative = path.relative(process.cwd(), target);
if (process.argv.includes('--check')) {
  if (current !== markdown) {
    console.error(`${relative} is stale: run \`npm run erd\``);
    process.exit(1);
  }
  console.log(`${relative} is up to date`);
} else if (current === markdown) {
  console.log(`${relative} is up to date`);
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, markdown);
  console.log(`wrote ${relative}`);
}
