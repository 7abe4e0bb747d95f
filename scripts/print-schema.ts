// Prints the GraphQL schema built by the code (sorted) to schema.graphql. A test fails when the
// committed file differs from what the code builds, so the file is always current.
import { writeFileSync } from 'node:fs';
import { printSchemaFile } from '../src/schema-print';

writeFileSync(new URL('../schema.graphql', import.meta.url), printSchemaFile());
console.log('wrote schema.graphql');
