// Prints what a first visit downloads (the entry script and the chunks it imports statically,
// gzipped) and fails the build past the budget. Lazy chunks (admin, studio, the game) are listed
// apart: players download those only when they open them.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const gz = (file) => gzipSync(readFileSync(new URL(file, dist))).length / 1024;

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const css of chunk.css ?? []) initial.add(css);
  for (const dep of chunk.imports ?? []) visit(dep);
};
visit('index.html');
const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
let total = 0;
let totalJs = 0;
console.log('initial download (gzipped):');
for (const file of initial) {
  const kb = gz(file);
  total += kb;
  if (file.endsWith('.js')) totalJs += kb;
  console.log(`  ${kb.toFixed(1).padStart(7)} kB  ${file}`);
}
console.log(
  `  initial JavaScript: ${totalJs.toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB); with CSS ${total.toFixed(1)} kB`,
);
console.log('loaded on demand:');
for (const file of all)
  if (!initial.has(file)) console.log(`  ${gz(file).toFixed(1).padStart(7)} kB  ${file}`);
if (totalJs > BUDGET_KB) {
  console.error(`initial JavaScript is over budget: ${totalJs.toFixed(1)} kB > ${BUDGET_KB} kB`);
  process.exit(1);
}
