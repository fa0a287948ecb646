import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { XloadError } from '../errors.js';
import { buildReportModel } from '../report/model.js';
import { STATS_FILE } from '../report/write-run.js';
import { StatsTail } from './stats-tail.js';
import { liveStatus } from './live-status.js';
import { renderDashboardPage } from './page.js';

/** Tsung's dashboard port, kept so habits carry over. */
export const DEFAULT_DASHBOARD_PORT = 8091;

export interface DashboardOptions {
  /** The run folder: stats.ndjson is followed there. */
  dir: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Seconds between page reloads. */
  refreshS: number;
}

/** The port is taken or the address cannot be bound: a usage problem, said before the run starts. */
export class DashboardListenError extends XloadError {
  constructor(host: string, port: number, cause: Error) {
    super('usage', `--dashboard: cannot listen on ${host}:${port}: ${cause.message}; pass another port (--dashboard PORT)`, { cause });
  }
}

/**
 * `--dashboard`: serves the run's report page as it grows (GET /), and GET /status.json,
 * on loopback unless told otherwise. Read-only; it follows stats.ndjson, so it sees
 * exactly what `xload report` would. Rebuilding the page decodes every interval's
 * histograms, so a rebuild happens only on request, at most once per new interval, and
 * never more often than ten times its own cost: the coordinator's timers come first.
 */
export class Dashboard {
  private phase = 0;
  private page: { version: number; html: string } | undefined;
  private nextBuildAt = 0;

  private constructor(
    private readonly server: Server,
    private readonly tail: StatsTail,
    private readonly opts: DashboardOptions,
  ) {}

  static async start(opts: DashboardOptions): Promise<Dashboard> {
    const tail = new StatsTail(join(opts.dir, STATS_FILE));
    const server = createServer();
    const d = new Dashboard(server, tail, opts);
    server.on('request', (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      try {
        if (path === '/status.json') {
          tail.poll();
          send(res, 200, 'application/json', JSON.stringify(liveStatus(tail.data(), d.phase)));
        } else if (path === '/' || path === '/report.html') {
          send(res, 200, 'text/html; charset=utf-8', d.html());
        } else if (path === '/favicon.ico') {
          // Browsers ask for it; a 404 would be a console error on the page.
          res.writeHead(204, { 'cache-control': 'max-age=3600' }).end();
        } else {
          send(res, 404, 'text/plain', 'not found: try / or /status.json\n');
        }
      } catch (err) {
        send(res, 500, 'text/plain', `xload dashboard: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new DashboardListenError(opts.host, opts.port, err)));
      server.listen(opts.port, opts.host, () => resolve());
    });
    server.unref();
    return d;
  }

  get url(): string {
    const a = this.server.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}/`;
  }

  /** The run's DashboardFeedOutput (src/output/) feeds the phase, which stats.ndjson does not hold. */
  setPhase(phase: number): void {
    this.phase = phase;
  }

  private html(): string {
    this.tail.poll();
    const data = this.tail.data();
    if (data === undefined) return '<!doctype html><meta http-equiv="refresh" content="1"><title>xload</title><p>The run is starting…</p>';
    if (this.page && (this.page.version === this.tail.version || Date.now() < this.nextBuildAt)) return this.page.html;
    const t0 = Date.now();
    const model = buildReportModel(data);
    if (data.end === undefined) model.run.live = true;
    const html = renderDashboardPage(model, { refreshS: this.opts.refreshS });
    this.nextBuildAt = Date.now() + 10 * (Date.now() - t0);
    this.page = { version: this.tail.version, html };
    return html;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

function send(res: ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
