// Fails when src/gql/ is stale against ../schema.graphql or the app's operations:
// generates into a scratch folder and compares it file by file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "kabinet-codegen-"));
try {
  execFileSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, KABINET_CODEGEN_OUT: scratch + "/" },
  });
  const stale = [];
  const fresh = readdirSync(scratch);
  const committed = existsSync("src/gql") ? readdirSync("src/gql") : [];
  for (const name of new Set([...fresh, ...committed])) {
    const a = existsSync(join(scratch, name)) ? readFileSync(join(scratch, name), "utf8") : null;
    const b = existsSync(join("src/gql", name)) ? readFileSync(join("src/gql", name), "utf8") : null;
    if (a !== b) stale.push(name);
  }
  if (stale.length) {
    console.error(`src/gql is stale against schema.graphql (${stale.join(", ")}): run npm run codegen`);
    process.exit(1);
  }
  console.log("src/gql is up to date with schema.graphql");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
