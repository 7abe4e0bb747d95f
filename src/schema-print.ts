import { printSchema } from 'graphql';
import { schema } from './schema';

export function printSchemaFile(): string {
  return `# Generated from the code by \`npm run schema:print\`. Do not edit.\n\n${printSchema(schema)}\n`;
}
