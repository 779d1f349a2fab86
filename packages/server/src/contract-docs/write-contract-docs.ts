import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { contractDocs } from './contract-docs.js';

// `npm run docs:contract`: rewrites docs/sockets.md and the catalogue table in docs/errors.md.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
for (const { file, text } of await contractDocs(root)) {
  await writeFile(file, text);
  console.log(`wrote ${file}`);
}
