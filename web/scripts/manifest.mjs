// The trusted-documents manifest: every operation the app sends, sha256 of its text -> text.
// Written to dist/persisted-documents.json (served) and checked against the documents' text.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

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
writeFileSync("dist/persisted-documents.json", JSON.stringify(plain, null, 2) + "\n");
console.log(`dist/persisted-documents.json: ${Object.keys(plain).length} operations`);
