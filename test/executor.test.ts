import { describe, expect, it } from '@jest/globals';
import { execute } from '@graphql-tools/executor';
import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, GraphQLString, parse } from 'graphql';

// patches/@graphql-tools+executor: a scalar or enum field without a resolver of its own is
// completed straight from its parent object, without the resolve info, arguments and path a
// resolver call needs (README, Patched dependencies). This checks it answers and fails exactly as
// a resolver call does: values, nulls, errors at their paths, methods and promises on the parent.

const Colour = new GraphQLEnumType({ name: 'Colour', values: { RED: { value: 'red' }, BLUE: { value: 'blue' } } });
const Even = new GraphQLScalarType({
  name: 'Even',
  serialize(value) {
    if (typeof value !== 'number' || value % 2 !== 0) throw new TypeError(`not even: ${String(value)}`);
    return value;
  },
});
const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    name: { type: GraphQLString },
    size: { type: new GraphQLNonNull(GraphQLInt) },
    colour: { type: Colour },
    even: { type: Even },
    label: { type: GraphQLString, args: { prefix: { type: GraphQLString } } },
    shout: { type: GraphQLString, resolve: (item: { name: string }) => item.name.toUpperCase() },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLNonNull(
          new GraphQLObjectType({ name: 'Items', fields: { list: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))) } } }),
        ),
      },
    },
  }),
});

async function run(items: unknown[], query: string) {
  const result = await execute({ schema, document: parse(query), rootValue: { items: { list: items } } });
  return JSON.parse(JSON.stringify(result)) as { data?: unknown; errors?: { message: string; path: (string | number)[] }[] };
}

describe('fields read straight from the parent object', () => {
  it('serializes strings, numbers, enums and custom scalars, and nulls of nullable fields', async () => {
    const result = await run([{ name: 'a', size: 1, colour: 'blue', even: 4 }, { name: null, size: 2, colour: undefined, even: null }], '{ items { list { name size colour even } } }');
    expect(result).toEqual({
      data: { items: { list: [{ name: 'a', size: 1, colour: 'BLUE', even: 4 }, { name: null, size: 2, colour: null, even: null }] } },
    });
  });

  it('a missing non-null value fails at its path and nulls its parent, as a resolver call does', async () => {
    const result = await run([{ name: 'a', size: 1 }, { name: 'b' }], '{ items { list { name size } } }');
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Cannot return null for non-nullable field Item.size.', path: ['items', 'list', 1, 'size'] })]);
  });

  it('a value the scalar cannot serialize, and an Error as value, fail at their paths', async () => {
    const result = await run([{ even: 3, name: new Error('no name') }], '{ items { list { even name } } }');
    expect(result.data).toEqual({ items: { list: [{ even: null, name: null }] } });
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'not even: 3', path: ['items', 'list', 0, 'even'] }),
      expect.objectContaining({ message: 'no name', path: ['items', 'list', 0, 'name'] }),
    ]);
  });

  it('a getter that throws fails at its field, not at its parent', async () => {
    const item = {
      size: 1,
      get name(): string {
        throw new Error('unreadable');
      },
    };
    const result = await run([item], '{ items { list { size name } } }');
    expect(result.data).toEqual({ items: { list: [{ size: 1, name: null }] } });
    expect(result.errors).toEqual([expect.objectContaining({ message: 'unreadable', path: ['items', 'list', 0, 'name'] })]);
  });

  it('a method or a promise on the parent, a field with arguments and a resolver of its own still go through the resolver path', async () => {
    const item = {
      name: 'ada',
      size: () => Promise.resolve(6),
      colour: Promise.resolve('red'),
      label(args: { prefix?: string }, _context: unknown, info: { path: { key: unknown } }) {
        return `${args.prefix ?? ''}${String(info.path.key)}`;
      },
    };
    const result = await run([item], '{ items { list { size colour label(prefix: "#") shout } } }');
    expect(result).toEqual({ data: { items: { list: [{ size: 6, colour: 'RED', label: '#label', shout: 'ADA' }] } } });
  });
});
