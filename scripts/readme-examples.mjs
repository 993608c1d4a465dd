#!/usr/bin/env node
// Re-runs every ```console example of README.md that starts with `$ npx routelint` and writes the
// real output back, so the README never shows output the tool no longer prints. Run after
// `npm run build`; test/simulate/readme.test.ts checks the examples stay true.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const path = `${root}README.md`;
const readme = readFileSync(path, 'utf8');
const updated = readme.replace(/```console\n(\$ npx routelint [^\n]*?(?:\\\n[^\n]*?)*)\n[\s\S]*?```/g, (_, command) => {
  const shell = command.slice(2).replace(/^npx routelint/, `${process.execPath} bin/routelint.js`);
  let output;
  try {
    output = execFileSync('bash', ['-o', 'pipefail', '-c', shell], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  } catch (err) {
    output = err.stdout ?? '';
  }
  return `\`\`\`console\n${command}\n${output}\`\`\``;
});
writeFileSync(path, updated);
