import { type PGlite, protocol } from '@electric-sql/pglite';

/** One message from the engine, as PGlite's protocol parser gives it. */
export type EngineMessage = Parameters<Parameters<protocol.Parser['parse']>[1]>[0];

const { serialize } = protocol;

/** Run the unnamed portal to the end, then Sync: the same bytes after every Bind. */
const RUN_PORTAL = concat([serialize.execute({}), serialize.sync()]);

/**
 * The engine's end of the wire: sends frontend messages (ending with Sync or a simple Query)
 * and returns what the engine answered, throwing the first error it reported.
 *
 * An exchange runs to completion synchronously (PGlite runs the engine on the calling thread),
 * so no other exchange can land in the middle of one: single statements need no lock, only
 * transactions do (see PgliteDb). Only the outcome is awaited.
 */
export class PgliteWire {
  // One parser for every exchange: each answer is whole, so it is empty again after each.
  // (PGlite's parser keeps private fields in WeakMaps, which makes a new one per call costly.)
  private parser = new protocol.Parser();

  constructor(private readonly pg: PGlite) {}

  async exchange(message: Uint8Array): Promise<EngineMessage[]> {
    const answers: EngineMessage[] = [];
    // With syncToFs off this runs to completion before it returns; the folder and in-memory
    // file systems Parlor opens PGlite on write through, so there is nothing to sync after.
    const ran = this.pg.execProtocolRawStream(message, {
      syncToFs: false,
      onRawData: (data) => this.parser.parse(data, (answer) => answers.push(answer)),
    });
    // Checked before anything is awaited: the driver's locking relies on it (see PgliteDb).
    const whole = answers[answers.length - 1]?.name === 'readyForQuery';
    try {
      await ran;
    } catch (err) {
      this.parser = new protocol.Parser(); // the engine failed mid-answer: drop what is half read
      throw err;
    }
    if (!whole) throw new Error('PGlite did not answer within the exchange; this driver needs it to');
    for (const answer of answers) if (answer.name === 'error') throw answer;
    return answers;
  }
}

const BIND = 0x42; // 'B'

/**
 * Bind `values` (text format, null for NULL) to the named statement, then run it. The rows'
 * description is not asked for again: it is the statement's, known since it was prepared.
 *
 * Written out here rather than with PGlite's serializer, whose writer allocates private-field
 * WeakMap entries per message: this is on every statement's path (see docs/benchmarks.md).
 */
export function bindAndRun(statement: string, values: readonly (string | null)[]): Uint8Array {
  const lengths = values.map((value) => (value === null ? -1 : Buffer.byteLength(value)));
  let size = 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 + 2;
  for (const length of lengths) size += 4 + Math.max(length, 0);
  const out = Buffer.allocUnsafe(1 + size + RUN_PORTAL.length);
  let at = 0;
  out[at++] = BIND;
  at = out.writeInt32BE(size, at);
  out[at++] = 0; // the unnamed portal
  at += out.write(statement, at);
  out[at++] = 0;
  at = out.writeInt16BE(0, at); // no format codes: every value is text
  at = out.writeInt16BE(values.length, at);
  values.forEach((value, i) => {
    at = out.writeInt32BE(lengths[i]!, at);
    if (value !== null) at += out.write(value, at);
  });
  at = out.writeInt16BE(0, at); // no result format codes: every column comes back as text
  out.set(RUN_PORTAL, at);
  return out;
}

/** Parse `sql` as the named statement and describe its parameters and rows. */
export function prepareMessage(name: string, sql: string): Uint8Array {
  return concat([
    serialize.parse({ name, text: sql }),
    serialize.describe({ type: 'S', name }),
    serialize.sync(),
  ]);
}

export function closeStatementMessage(name: string): Uint8Array {
  return concat([serialize.close({ type: 'S', name }), serialize.sync()]);
}

/** One or more statements without parameters, in the simple query protocol. */
export function simpleQueryMessage(sql: string): Uint8Array {
  return serialize.query(sql);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
