import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatKeyring } from './message-sealer.js';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** `id=base64,id2=base64`: the first key is active. */
export function parseChatKeys(spec: string): ChatKeyring {
  const keys = new Map<string, Buffer>();
  let active: string | undefined;
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    const id = part.slice(0, at);
    if (at < 1 || !KEY_ID.test(id)) throw new Error('PARLOR_CHAT_KEYS: expected id=base64key,...');
    const key = Buffer.from(part.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`PARLOR_CHAT_KEYS: key "${id}" must be 32 bytes of base64`);
    keys.set(id, key);
    active ??= id;
  }
  if (!active) throw new Error('PARLOR_CHAT_KEYS is empty');
  return { active, keys };
}

interface KeyFile {
  active: string;
  keys: Record<string, string>;
}

/**
 * The key file `{active, keys: {id: base64}}`. Created with one random key, mode 0600, when it
 * does not exist; to rotate, add a key and make it active (old keys keep opening old messages).
 */
export function loadOrCreateKeyFile(file: string): ChatKeyring {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    const content: KeyFile = { active: id, keys: { [id]: randomBytes(32).toString('base64') } };
    // 'wx' fails if another process created it meanwhile; then we read theirs.
    try {
      writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const spec = [parsed.active, ...Object.keys(parsed.keys).filter((k) => k !== parsed.active)]
    .map((id) => `${id}=${parsed.keys[id] ?? ''}`)
    .join(',');
  return parseChatKeys(spec);
}

/** From PARLOR_CHAT_KEYS when set, else from (or into) the key file. */
export function loadChatKeys(config: { chatKeys?: string; chatKeysFile?: string; dataDir: string }) {
  if (config.chatKeys) return parseChatKeys(config.chatKeys);
  return loadOrCreateKeyFile(
    path.resolve(config.chatKeysFile ?? path.join(config.dataDir, 'chat-keys.json')),
  );
}
