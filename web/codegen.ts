import type { CodegenConfig } from "@graphql-codegen/cli";

// Types of every operation the app sends, generated from the server's schema.graphql.
// OUT lets the check script generate into a scratch folder and compare.
const out = process.env.KABINET_CODEGEN_OUT ?? "src/gql/";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.ts", "src/**/*.tsx", "!src/gql/**/*", "!src/**/*.test.*"],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // The trusted-documents manifest: sha256 of each document's text -> the text.
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          Date: "string",
          DateTime: "string",
          Decimal: "string",
          JSON: "unknown",
          Upload: "File",
        },
      },
    },
  },
};

export default config;
