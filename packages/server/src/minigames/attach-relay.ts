import { createHash, randomUUID } from 'node:crypto';
import { MinigameAttachRequest } from '@parlor/protocol';
import { z } from 'zod';
import type { Bus } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';

const attachTopic = (nodeId: string) => `minigames:attach:${nodeId}`;
const replyTopic = (nodeId: string) => `minigames:attach-reply:${nodeId}`;

const AttachAsk = z.object({
  askId: z.string(),
  from: z.string(),
  minigameId: z.string(),
  request: MinigameAttachRequest,
});
const AttachReply = z.object({ askId: z.string(), taken: z.boolean() });

export interface AttachRelayDeps {
  bus: Bus;
  nodeId: string;
  log: Logger;
  /** Hands the frame to a server of the mini-game connected to this node; false when none is. */
  sendHere(minigameId: string, frame: MinigameAttachRequest): boolean;
  /** The nodes that hold a server of the mini-game now (presence). */
  nodesOf(minigameId: string): Promise<string[]>;
  /** How long one node is given to say it took the request. */
  replyWaitMs: number;
}

/**
 * Gets an attach request to exactly one server of a mini-game, on whichever node holds it. This
 * node's own servers come first (no bus hop). Otherwise the nodes that presence says hold one are
 * asked one at a time, in an order fixed by the game id (rendezvous hashing, so games spread over
 * the nodes and a retry picks the same one), each on its own topic: only the asked node delivers,
 * so two nodes never both send the server to one game. An answer that does not come in time
 * counts as "not taken", so MINIGAME_OFFLINE stays a fast answer when presence is stale.
 */
export class AttachRelay {
  private readonly waiting = new Map<string, (taken: boolean) => void>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];

  constructor(private readonly deps: AttachRelayDeps) {}

  async start(): Promise<void> {
    const { bus, nodeId } = this.deps;
    this.unsubscribes.push(
      await bus.subscribe(attachTopic(nodeId), (message) => this.deliver(message)),
      await bus.subscribe(replyTopic(nodeId), (message) => {
        const reply = AttachReply.safeParse(message);
        if (reply.success) this.waiting.get(reply.data.askId)?.(reply.data.taken);
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.unsubscribes.splice(0).map((u) => u()));
    for (const answer of this.waiting.values()) answer(false);
  }

  /** True once a server of the mini-game has the frame; false when none took it. */
  async attach(minigameId: string, request: MinigameAttachRequest): Promise<boolean> {
    if (this.deps.sendHere(minigameId, request)) return true;
    const others = (await this.deps.nodesOf(minigameId)).filter((n) => n !== this.deps.nodeId);
    for (const node of rendezvousOrder(others, request.gameId))
      if (await this.ask(node, minigameId, request)) return true;
    return false;
  }

  private async ask(node: string, minigameId: string, request: MinigameAttachRequest): Promise<boolean> {
    const askId = randomUUID();
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.deps.replyWaitMs);
      this.waiting.set(askId, (taken) => {
        clearTimeout(timer);
        resolve(taken);
      });
    });
    try {
      await this.deps.bus.publish(attachTopic(node), { askId, from: this.deps.nodeId, minigameId, request });
      return await answered;
    } catch (err) {
      this.deps.log.warn({ err, node }, 'could not ask another node to attach a mini-game');
      return false;
    } finally {
      this.waiting.delete(askId);
    }
  }

  private async deliver(message: unknown): Promise<void> {
    const ask = AttachAsk.safeParse(message);
    if (!ask.success) return;
    const { askId, from, minigameId, request } = ask.data;
    const taken = this.deps.sendHere(minigameId, request);
    await this.deps.bus.publish(replyTopic(from), { askId, taken });
  }
}

function rendezvousOrder(nodes: readonly string[], gameId: string): string[] {
  const weight = (node: string) => createHash('sha256').update(`${gameId}\n${node}`).digest('hex');
  return [...nodes].sort((a, b) => (weight(a) < weight(b) ? -1 : 1));
}
