import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, parseChatKeys } from './chat-keys.js';
import { MessageSealer, UnknownChatKeyError } from './message-sealer.js';

const key = () => randomBytes(32).toString('base64');

describe('MessageSealer', () => {
  it('round-trips any text and never repeats a nonce', () => {
    const sealer = new MessageSealer(parseChatKeys(`k1=${key()}`));
    const nonces = new Set<string>();
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'grapheme' }), fc.nat(), (body, seq) => {
        const box = sealer.seal(body, 'lobby', seq);
        expect(box.nonce).toHaveLength(12);
        expect(nonces.has(box.nonce.toString('hex'))).toBe(false);
        nonces.add(box.nonce.toString('hex'));
        expect(sealer.open(box, 'lobby', seq)).toBe(body);
      }),
    );
  });

  it('binds channel and seq: a body moved elsewhere does not open', () => {
    const sealer = new MessageSealer(parseChatKeys(`k1=${key()}`));
    const box = sealer.seal('secret', 'dm:a:b', 7);
    expect(() => sealer.open(box, 'dm:a:c', 7)).toThrow();
    expect(() => sealer.open(box, 'dm:a:b', 8)).toThrow();
    const flipped = Buffer.from(box.sealed);
    flipped[0]! ^= 1;
    expect(() => sealer.open({ ...box, sealed: flipped }, 'dm:a:b', 7)).toThrow();
  });

  it('rotates: new messages under the new key, old ones still open', () => {
    const k1 = key();
    const old = new MessageSealer(parseChatKeys(`k1=${k1}`));
    const box = old.seal('before rotation', 'lobby', 1);
    const rotated = new MessageSealer(parseChatKeys(`k2=${key()},k1=${k1}`));
    expect(rotated.open(box, 'lobby', 1)).toBe('before rotation');
    expect(rotated.seal('after', 'lobby', 2).keyId).toBe('k2');
    const forgotten = new MessageSealer(parseChatKeys(`k3=${key()}`));
    expect(() => forgotten.open(box, 'lobby', 1)).toThrow(UnknownChatKeyError);
  });

  it('refuses malformed key settings', () => {
    expect(() => parseChatKeys('')).toThrow();
    expect(() => parseChatKeys('k1=short')).toThrow('32 bytes');
    expect(() => parseChatKeys(`bad id=${key()}`)).toThrow();
  });

  it('creates the key file once, readable by its owner only', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'parlor-keys-')), 'sub', 'chat-keys.json');
    const first = loadOrCreateKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKeyFile(file);
    expect(again.active).toBe(first.active);
    expect(again.keys.get(again.active)).toEqual(first.keys.get(first.active));
    expect(JSON.parse(readFileSync(file, 'utf8')).keys[first.active]).toHaveLength(44);
  });
});
