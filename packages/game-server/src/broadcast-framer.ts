/**
 * Frames a payload as one unmasked, final binary WebSocket frame (RFC 6455 §5.2), header and
 * payload in one buffer, and keeps the last one: a broadcast hands the same payload to every
 * socket of the room, so the frame is built once per tick instead of once per socket, and each
 * socket gets a single `write` instead of `ws`' header-plus-payload `writev`. Written here because
 * `ws` has no public way to send a frame that is already framed.
 */
export class BroadcastFramer {
  private lastPayload: Uint8Array | null = null;
  private lastWire: Buffer = Buffer.alloc(0);

  wire(payload: Uint8Array): Buffer {
    if (payload === this.lastPayload) return this.lastWire;
    this.lastPayload = payload;
    this.lastWire = binaryFrame(payload);
    return this.lastWire;
  }
}

export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerLength + n);
  wire[0] = 0x82; // FIN, opcode 2 (binary)
  if (n < 126) wire[1] = n;
  else if (n < 65_536) {
    wire[1] = 126;
    wire.writeUInt16BE(n, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(n), 2);
  }
  wire.set(payload, headerLength);
  return wire;
}
