/** Sets of users as bitmaps over their stats seq: bit n is the user with seq n. */

export function bitmapOf(seqs: Iterable<number>): Uint8Array {
  let max = -1;
  const list: number[] = [];
  for (const s of seqs) {
    list.push(s);
    if (s > max) max = s;
  }
  const bits = new Uint8Array((max >> 3) + 1);
  for (const s of list) bits[s >> 3]! |= 1 << (s & 7);
  return bits;
}

/** ORs `next` into `into`, growing it when `next` is longer; returns the union. */
export function union(into: Uint8Array, next: Uint8Array): Uint8Array {
  const out = next.length > into.length ? grow(into, next.length) : into;
  for (let i = 0; i < next.length; i++) out[i]! |= next[i]!;
  return out;
}

export function addSeqs(into: Uint8Array, seqs: readonly number[]): Uint8Array {
  return seqs.length === 0 ? into : union(into, bitmapOf(seqs));
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

export function countBits(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += POPCOUNT[bits[i]!]!;
  return n;
}

function grow(bits: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bits);
  return out;
}
