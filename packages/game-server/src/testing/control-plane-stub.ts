import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedReport {
  gameId: string;
  kind: string;
  authorization: string | undefined;
  body: any;
}

export interface StubAnswer {
  status: number;
  body?: unknown;
}

/**
 * A tiny real HTTP server standing in for the control plane: records every report and
 * answers with whatever the test decides (by default 204 / `{ack: true}`).
 */
export class ControlPlaneStub {
  readonly reports: RecordedReport[] = [];
  /** Override per kind; may return a promise to hold the answer back. */
  answer: Partial<Record<string, (report: RecordedReport) => StubAnswer | Promise<StubAnswer>>> = {};
  private server: Server | null = null;
  private waiters: { predicate: (r: RecordedReport) => boolean; resolve: (r: RecordedReport) => void }[] = [];

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const match = /^\/v1\/internal\/games\/([^/]+)\/([a-z]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
      const report: RecordedReport = {
        gameId: decodeURIComponent(match[1]!),
        kind: match[2]!,
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      };
      this.reports.push(report);
      this.waiters = this.waiters.filter((w) => !(w.predicate(report) && (w.resolve(report), true)));
      const custom = this.answer[report.kind];
      const answer = custom
        ? await custom(report)
        : report.kind === 'status'
          ? { status: 200, body: { ack: true } }
          : { status: 204 };
      if (answer.body === undefined) return void res.writeHead(answer.status).end();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The first report (already received or still to come) that matches. */
  waitFor(predicate: (r: RecordedReport) => boolean): Promise<RecordedReport> {
    const seen = this.reports.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  ofKind(kind: string): RecordedReport[] {
    return this.reports.filter((r) => r.kind === kind);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
