import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withErrorTable } from './errors-table.js';
import { renderSocketsPage } from './sockets-page.js';

/**
 * The docs generated from the protocol, as they should read on disk (formatted by the project's
 * Prettier, which `npm run lint` checks them with). Prettier is a development tool: it is loaded
 * only here, by the docs script and the drift test, never by a running server.
 */
export async function contractDocs(root: string): Promise<{ file: string; text: string }[]> {
  const prettier = await import('prettier');
  const format = async (file: string, text: string) => {
    const options = (await prettier.resolveConfig(file)) ?? {};
    return prettier.format(text, { ...options, filepath: file });
  };
  const errorsFile = path.join(root, 'docs/errors.md');
  const socketsFile = path.join(root, 'docs/sockets.md');
  return [
    { file: errorsFile, text: await format(errorsFile, withErrorTable(await readFile(errorsFile, 'utf8'))) },
    { file: socketsFile, text: await format(socketsFile, renderSocketsPage()) },
  ];
}
