import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import { schema } from '../src/schema';
import { printSchemaFile } from '../src/schema-print';

describe('schema artifacts', () => {
  it('schema.graphql is what the code builds (run `npm run schema:print` after changing types)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaFile());
  });
});

describe('auth declared on every root field', () => {
  const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const fields = rootTypes.flatMap((type) =>
    type && isObjectType(type) ? Object.values(type.getFields()).map((f) => [`${type.name}.${f.name}`, f] as const) : [],
  );

  it('has root fields to check', () => {
    expect(fields.length).toBeGreaterThan(0);
  });

  it.each(fields)('%s declares authScopes (public fields say so)', (_name, field) => {
    const options = (field.extensions?.pothosOptions ?? {}) as { authScopes?: unknown };
    expect(options.authScopes).toBeDefined();
  });
});
