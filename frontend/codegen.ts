import type { CodegenConfig } from '@graphql-codegen/cli';

// The backend owns ../schema.graphql (committed SDL); the generated src/gql/ is committed too,
// so the app builds without the backend. Re-run `npm run codegen` when the SDL changes.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: false,
        skipTypename: false,
        // Apollo adds __typename to every selection: say so in the types (mocks must carry it too).
        nonOptionalTypename: true,
        // graphene's custom scalars as they arrive in JSON.
        scalars: {
          BigInt: { input: 'number | string', output: 'number' },
          DateTime: { input: 'string', output: 'string' },
          JSONString: { input: 'string', output: 'string' },
        },
      },
    },
  },
};

export default config;
