// The trusted-documents manifest: every operation the app sends, sha256 of its text -> text.
// Written to dist/persisted-documents.json (served) and checked against the documents' text.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Kind, parse } from "graphql";

const manifest = JSON.parse(readFileSync("src/gql/persisted-documents.json", "utf8"));
const plain = {};
for (const [key, text] of Object.entries(manifest)) {
  const hash = key.replace(/^sha256:/, "");
  plain[hash] = text;
  const actual = createHash("sha256").update(text).digest("hex");
  if (actual !== hash) {
    console.error(`persisted-documents.json: ${hash} is not the sha256 of its document`);
    process.exit(1);
  }
}
// Every operation the app sends (queries, mutations and subscriptions alike) must be listed:
// a subscription missing here would be refused by a server in trusted-only mode.
const sent = [...readFileSync("src/gql/graphql.ts", "utf8").matchAll(/\{"hash":"sha256:([0-9a-f]{64})"\}/g)].map((m) => m[1]);
const missing = sent.filter((hash) => !(hash in plain));
if (!sent.length || missing.length) {
  console.error(`persisted-documents.json lacks ${missing.length || "all"} of the app's operations: run npm run codegen`);
  process.exit(1);
}
const kinds = {};
for (const text of Object.values(plain)) {
  // The operation's kind, whatever fragments the text carries before it.
  const kind = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)?.operation ?? "query";
  kinds[kind] = (kinds[kind] ?? 0) + 1;
}
if (!kinds.subscription) {
  console.error("persisted-documents.json has no subscription: the job screens follow jobs by subscription");
  process.exit(1);
}
writeFileSync("dist/persisted-documents.json", JSON.stringify(plain, null, 2) + "\n");
const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
console.log(`dist/persisted-documents.json: ${Object.keys(plain).length} operations (${summary})`);
