import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the tests and for web/mobile clients, from the committed schema.graphql and
// the operations in operations/. The client preset also writes persisted-documents.json: the
// manifest of known operations (hash -> document) a production server can restrict itself to.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/graphql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string', JSON: 'unknown' },
        useTypeImports: true,
      },
    },
  },
};

export default config;
