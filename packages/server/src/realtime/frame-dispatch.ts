import type { ClientFrame } from '@parlor/protocol';
import type { SocketPeer } from './socket-peer.js';

/** Frames a feature may handle; `auth` belongs to the session itself. */
export type RoutedFrameType = Exclude<ClientFrame['type'], 'auth'>;

export type FrameHandler<K extends RoutedFrameType> = (
  peer: SocketPeer,
  frame: Extract<ClientFrame, { type: K }>,
) => Promise<void>;

type RoutedFrame = Exclude<ClientFrame, { type: 'auth' }>;
type AnyHandler = (peer: SocketPeer, frame: RoutedFrame) => Promise<void>;

/** One handler for each frame type a feature registered; every type handled once all are in. */
export type FrameHandlers = { [K in RoutedFrameType]: FrameHandler<K> };

/**
 * The dispatch table over the client envelope. Features register their frames (chat its
 * subscriptions, realtime its ping), so realtime does not know their types; a frame type left
 * unregistered fails `sealed()` at start-up, not the first client who sends it.
 */
export class FrameDispatcher {
  private readonly handlers = new Map<RoutedFrameType, AnyHandler>();

  handle<K extends RoutedFrameType>(type: K, handler: FrameHandler<K>): void {
    this.handlers.set(this.fresh(type), handler as unknown as AnyHandler);
  }

  /** Registers a feature's whole set at once. */
  handleAll(handlers: Partial<FrameHandlers>): void {
    // Each entry is checked against its own key by `FrameHandlers`; the map only loses that link.
    for (const [type, handler] of Object.entries(handlers))
      this.handlers.set(this.fresh(type as RoutedFrameType), handler as unknown as AnyHandler);
  }

  /** Throws unless every routed frame type of the protocol has a handler. */
  sealed(types: readonly RoutedFrameType[]): this {
    const missing = types.filter((t) => !this.handlers.has(t));
    if (missing.length > 0) throw new Error(`No realtime handler for ${missing.join(', ')}`);
    return this;
  }

  dispatch(peer: SocketPeer, frame: RoutedFrame): Promise<void> {
    const handler = this.handlers.get(frame.type);
    if (!handler) throw new Error(`No realtime handler for ${frame.type}`);
    return handler(peer, frame);
  }

  private fresh(type: RoutedFrameType): RoutedFrameType {
    if (this.handlers.has(type)) throw new Error(`Frame type ${type} already has a handler`);
    return type;
  }
}
