import { parentPort, workerData } from 'node:worker_threads';
import { XloadError } from '../errors.js';
import { Dashboard } from './server.js';
import type { DashboardOptions } from './server.js';
import type { FromDashboard, ToDashboard } from './thread.js';

/**
 * The dashboard's own thread: rebuilding the page decodes every interval's histograms
 * (about 2 s for a one-hour run), which must never stall the coordinator's interval timers.
 */
const port = parentPort;
if (port === null) throw new Error('dashboard worker-entry must run in a worker thread');
const post = (m: FromDashboard) => port.postMessage(m);

Dashboard.start(workerData as DashboardOptions).then(
  (dash) => {
    port.on('message', (m: ToDashboard) => {
      if (m.type === 'phase') dash.setPhase(m.phase);
      else void dash.close().then(() => post({ type: 'closed' }));
    });
    post({ type: 'listening', url: dash.url });
  },
  (err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', code: e instanceof XloadError ? e.code : 'internal', message: e.message });
  },
);
