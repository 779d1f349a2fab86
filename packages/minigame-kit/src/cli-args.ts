import { parseArgs } from 'node:util';

/** `--url http://… --key plk_…`, the command line every Parlor mini-game takes. */
export function argsFromCommandLine(argv = process.argv.slice(2)): { url: string; key: string } {
  const { values } = parseArgs({ args: argv, options: { url: { type: 'string' }, key: { type: 'string' } } });
  if (!values.url || !values.key) throw new Error('usage: --url http://127.0.0.1:8080 --key plk_…');
  return { url: values.url, key: values.key };
}
