import { readFileSync } from 'node:fs';

/**
 * Renders docs/erd.md (a Mermaid erDiagram plus tables of foreign keys, composite unique keys and
 * enums) from prisma/schema.prisma. Pure and deterministic: the same schema text always gives the
 * same Markdown, so test/database/erd.test.ts can compare the committed file with a fresh render.
 *
 * The schema is parsed here rather than through Prisma's DMMF: `@prisma/internals` (getDMMF) is not
 * installed, and the Pothos datamodel in src/generated lacks native types and onDelete and only
 * exists after `prisma generate`. The parser covers what schema.prisma uses: model and enum blocks,
 * one field per line, field attributes (@id, @unique, @default, @updatedAt, @db.*, @relation) and
 * block attributes (@@id, @@unique). A construct it does not understand makes it throw.
 */

export const SCHEMA_PATH = new URL('../prisma/schema.prisma', import.meta.url);
export const ERD_PATH = new URL('../docs/erd.md', import.meta.url);

interface Attribute {
  /** Without the leading @ or @@: `id`, `default`, `db.Decimal`, `relation`, `unique`, ... */
  name: string;
  /** Text between the parentheses, or null without parentheses. */
  args: string | null;
}

interface Field {
  name: string;
  /** Type name without ? or []; `Unsupported("tsvector")` stays as written. */
  type: string;
  optional: boolean;
  list: boolean;
  attributes: Attribute[];
}

interface Model {
  name: string;
  fields: Field[];
  blockAttributes: Attribute[];
}

interface Enum {
  name: string;
  values: string[];
}

interface Relation {
  /** Model holding the foreign key. */
  from: string;
  field: string;
  columns: string[];
  to: string;
  references: string[];
  required: boolean;
  /** The foreign key columns are unique on their own: one-to-one. */
  oneToOne: boolean;
  onDelete: string;
}

/** Removes a `//` comment (also `///` documentation) that is not inside a string literal. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && inString) i++;
    else if (ch === '"') inString = !inString;
    else if (ch === '/' && line[i + 1] === '/' && !inString) return line.slice(0, i);
  }
  return line;
}

/** Reads `(...)` starting at `open`, honouring nesting and strings; returns the inner text and the end index. */
function balanced(text: string, open: number): { inner: string; end: number } {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
    }
  }
  throw new Error(`schema.prisma: unbalanced parentheses in: ${text}`);
}

function parseAttributes(text: string, prefix: '@' | '@@'): Attribute[] {
  const attributes: Attribute[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    if (!text.startsWith(prefix, i) || (prefix === '@' && text.startsWith('@@', i))) {
      throw new Error(`schema.prisma: cannot parse attributes at "${text.slice(i)}"`);
    }
    i += prefix.length;
    const name = /^[A-Za-z_][\w.]*/.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`schema.prisma: attribute without a name in "${text}"`);
    i += name.length;
    let args: string | null = null;
    if (text[i] === '(') {
      const group = balanced(text, i);
      args = group.inner.trim();
      i = group.end;
    }
    attributes.push({ name, args });
  }
  return attributes;
}

/** Splits `a, [b, c], key: "x, y"` at top-level commas. */
function splitArgs(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (args.slice(start).trim()) parts.push(args.slice(start).trim());
  return parts;
}

/** Named argument `key: value` of an attribute, or undefined. */
function namedArg(attribute: Attribute | undefined, key: string): string | undefined {
  for (const part of splitArgs(attribute?.args ?? '')) {
    const match = new RegExp(`^${key}\\s*:\\s*([\\s\\S]*)$`).exec(part);
    if (match) return match[1]!.trim();
  }
  return undefined;
}

/** Field names of a list argument: `[a, b(sort: Desc)]` -> ['a', 'b']. */
function fieldList(value: string | undefined): string[] {
  if (!value) return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return splitArgs(inner).map((f) => f.replace(/\(.*\)$/, '').trim());
}

/** The fields of a block attribute: its first positional argument or `fields:`. */
function blockFields(attribute: Attribute): string[] {
  const first = splitArgs(attribute.args ?? '')[0];
  if (first?.startsWith('[')) return fieldList(first);
  return fieldList(namedArg(attribute, 'fields'));
}

export function parseSchema(text: string): { models: Model[]; enums: Enum[] } {
  const models: Model[] = [];
  const enums: Enum[] = [];
  let block: { kind: string; name: string; model?: Model; enum?: Enum } | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw).trim();
    if (!line) return;
    if (!block) {
      const open = /^(model|enum|generator|datasource|view|type)\s+(\w+)\s*\{$/.exec(line);
      if (!open) throw new Error(`schema.prisma:${index + 1}: unexpected "${line}"`);
      const [, kind, name] = open as unknown as [string, string, string];
      if (kind === 'view' || kind === 'type') throw new Error(`schema.prisma:${index + 1}: ${kind} blocks are not supported by the ERD renderer`);
      block = { kind, name };
      if (kind === 'model') models.push((block.model = { name, fields: [], blockAttributes: [] }));
      if (kind === 'enum') enums.push((block.enum = { name, values: [] }));
      return;
    }
    if (line === '}') {
      block = null;
      return;
    }
    if (block.enum) {
      if (line.startsWith('@@')) return; // @@map and friends
      const value = /^(\w+)/.exec(line)?.[1];
      if (!value) throw new Error(`schema.prisma:${index + 1}: unexpected enum line "${line}"`);
      block.enum.values.push(value);
      return;
    }
    if (!block.model) return; // generator / datasource settings
    if (line.startsWith('@@')) {
      block.model.blockAttributes.push(...parseAttributes(line, '@@'));
      return;
    }
    const field = /^(\w+)\s+(Unsupported\("[^"]*"\)|\w+)(\[\]|\?)?\s*(.*)$/.exec(line);
    if (!field) throw new Error(`schema.prisma:${index + 1}: cannot parse field "${line}"`);
    const [, name, type, modifier, rest] = field as unknown as [string, string, string, string | undefined, string];
    block.model.fields.push({
      name,
      type,
      optional: modifier === '?',
      list: modifier === '[]',
      attributes: parseAttributes(rest, '@'),
    });
  });
  if (block) throw new Error('schema.prisma: unterminated block');
  return { models, enums };
}

function relationsOf(models: Model[]): Relation[] {
  const names = new Set(models.map((m) => m.name));
  const relations: Relation[] = [];
  for (const model of models) {
    const singleUnique = new Set(
      model.fields.filter((f) => f.attributes.some((a) => a.name === 'id' || a.name === 'unique')).map((f) => f.name),
    );
    const compositeUnique = model.blockAttributes.filter((a) => a.name === 'unique' || a.name === 'id').map(blockFields);
    for (const field of model.fields) {
      if (!names.has(field.type)) continue;
      const relation = field.attributes.find((a) => a.name === 'relation');
      const columns = fieldList(namedArg(relation, 'fields'));
      if (!columns.length) continue; // the back-relation side
      const oneToOne =
        (columns.length === 1 && singleUnique.has(columns[0]!)) ||
        compositeUnique.some((u) => u.length === columns.length && u.every((c) => columns.includes(c)));
      relations.push({
        from: model.name,
        field: field.name,
        columns,
        to: field.type,
        references: fieldList(namedArg(relation, 'references')),
        required: !field.optional,
        oneToOne,
        onDelete: namedArg(relation, 'onDelete') ?? `${field.optional ? 'SetNull' : 'Restrict'} (Prisma default)`,
      });
    }
  }
  return relations;
}

/** Mermaid attribute types allow letters, digits, _, -, [] and (): keep the Prisma type, list marker included. */
function mermaidType(field: Field): string {
  const unsupported = /^Unsupported\("([^"]*)"\)$/.exec(field.type);
  const base = (unsupported ? unsupported[1]! : field.type).replace(/[^\w-]/g, '_');
  return field.list ? `${base}[]` : base;
}

function defaultOf(field: Field): string | undefined {
  const attribute = field.attributes.find((a) => a.name === 'default');
  if (!attribute) return undefined;
  const args = attribute.args ?? '';
  const generated = /^dbgenerated\((.*)\)$/.exec(args);
  if (generated) return generated[1] ? `default ${JSON.parse(generated[1]) as string}` : 'generated by the database';
  return `default ${args}`;
}

function fieldNote(field: Field): string {
  const notes: string[] = [];
  if (field.optional) notes.push('optional');
  const native = field.attributes.find((a) => a.name.startsWith('db.'));
  if (native) notes.push(`${native.name}${native.args !== null ? `(${native.args})` : ''}`);
  if (/^Unsupported\(/.test(field.type)) notes.push('unsupported by Prisma, read-only');
  const fallback = defaultOf(field);
  if (fallback) notes.push(fallback);
  if (field.attributes.some((a) => a.name === 'updatedAt')) notes.push('set on every update');
  // Mermaid comments cannot contain double quotes.
  return notes.join(', ').replace(/"/g, "'");
}

const cardinality = (r: Relation) => {
  const parent = r.required ? '||' : '|o';
  const child = r.oneToOne ? 'o|' : 'o{';
  return { parent, child, line: r.required ? '--' : '..' };
};

function describeCardinality(r: Relation): string {
  const many = r.oneToOne ? 'zero or one' : 'zero or more';
  return `${r.required ? 'exactly one' : 'zero or one'} ${r.to} : ${many} ${r.from}`;
}

export function renderErd(schemaText: string = readFileSync(SCHEMA_PATH, 'utf8')): string {
  const { models, enums } = parseSchema(schemaText);
  const modelNames = new Set(models.map((m) => m.name));
  const relations = relationsOf(models);
  const out: string[] = [];

  out.push(
    '# Entity-relationship diagram',
    '',
    '<!-- Generated by `npm run erd` (scripts/erd.ts) from prisma/schema.prisma. Do not edit by hand:',
    '     test/database/erd.test.ts fails when this file does not match the schema. -->',
    '',
    '> **Generated file.** Produced from `prisma/schema.prisma` by `npm run erd`; edit the schema, then',
    '> regenerate. `test/database/erd.test.ts` fails when this file is stale.',
    '',
    `${models.length} models, ${relations.length} foreign keys, ${enums.length} enums.`,
    '',
    '## Legend',
    '',
    '- Each box is a model (one table) with its scalar fields: `type name keys "notes"`. Types are Prisma types',
    '  (enum names for enum fields); `[]` marks a list, stored as a PostgreSQL array.',
    '- Keys: `PK` primary key, `FK` column of a foreign key, `UK` unique on its own (composite unique keys are',
    '  listed below the diagram).',
    '- Notes: `optional` = nullable; `db.*` = the PostgreSQL type when it is not the default for the Prisma type;',
    '  the default value; `set on every update` = `@updatedAt`.',
    '- Relationship lines run from the referenced model to the model holding the foreign key and are labelled',
    '  with the relation field. Solid line: the foreign key is required; dashed line: it is optional.',
    '  Line ends: `||` exactly one, `|o` zero or one, `o{` zero or more, `o|` zero or one (one-to-one).',
    '- Not shown: objects Prisma cannot express (CHECK constraints, partial and expression indexes, the generated',
    '  `searchVector` column, the AuditLog trigger); see `prisma/sql-only-objects.json`.',
    '',
    '```mermaid',
    'erDiagram',
  );

  for (const model of models) {
    const pk = new Set(model.fields.filter((f) => f.attributes.some((a) => a.name === 'id')).map((f) => f.name));
    for (const a of model.blockAttributes.filter((x) => x.name === 'id')) blockFields(a).forEach((f) => pk.add(f));
    const fk = new Set(relations.filter((r) => r.from === model.name).flatMap((r) => r.columns));
    const uk = new Set(model.fields.filter((f) => f.attributes.some((a) => a.name === 'unique')).map((f) => f.name));
    for (const a of model.blockAttributes.filter((x) => x.name === 'unique')) {
      const fields = blockFields(a);
      if (fields.length === 1) uk.add(fields[0]!);
    }
    out.push(`  ${model.name} {`);
    for (const field of model.fields) {
      if (modelNames.has(field.type)) continue;
      const keys = [pk.has(field.name) && 'PK', fk.has(field.name) && 'FK', uk.has(field.name) && 'UK'].filter(Boolean).join(', ');
      const note = fieldNote(field);
      out.push(`    ${[mermaidType(field), field.name, keys, note && `"${note}"`].filter(Boolean).join(' ')}`);
    }
    out.push('  }');
  }
  for (const r of relations) {
    const c = cardinality(r);
    out.push(`  ${r.to} ${c.parent}${c.line}${c.child} ${r.from} : "${r.field}"`);
  }
  out.push('```', '');

  out.push(
    '## Foreign keys',
    '',
    '| Model | Relation field | Columns | References | Cardinality | onDelete |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const r of relations) {
    out.push(
      `| ${r.from} | ${r.field} | ${r.columns.join(', ')}${r.required ? '' : ' (optional)'} | ${r.to}(${r.references.join(', ')}) | ${describeCardinality(r)} | ${r.onDelete} |`,
    );
  }
  out.push('');

  out.push('## Composite unique keys', '');
  for (const model of models) {
    const composites = model.blockAttributes
      .filter((a) => a.name === 'unique' || a.name === 'id')
      .map((a) => ({ kind: a.name === 'id' ? 'primary key' : 'unique', fields: blockFields(a) }))
      .filter((u) => u.fields.length > 1);
    if (composites.length) {
      out.push(`- ${model.name}: ${composites.map((u) => `${u.kind === 'unique' ? '' : 'primary key '}(${u.fields.join(', ')})`).join('; ')}`);
    }
  }
  out.push('');

  out.push('## Enums', '', '| Enum | Values | Used by |', '| --- | --- | --- |');
  for (const e of enums) {
    const usedBy = models.flatMap((m) => m.fields.filter((f) => f.type === e.name).map((f) => `${m.name}.${f.name}`));
    out.push(`| ${e.name} | ${e.values.join(', ')} | ${usedBy.join(', ') || '(unused)'} |`);
  }
  out.push('');
  return out.join('\n');
}
