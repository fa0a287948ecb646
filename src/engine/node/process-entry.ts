import type { FromShard, ToShard } from '../protocol.js';
import { NodeHost } from './node-host.js';
import { installWarningHandler } from '../../node-warnings.js';

/**
 * Child-process entry of a ProcessLink: one NodeHost, driven over IPC. When the parent
 * disconnects (it finished, or it died), every user is dropped and the process exits: no
 * orphaned load keeps hitting the server.
 */
installWarningHandler(process, process.stderr);

let host: NodeHost | null = null;
const emit = (m: FromShard) => {
  if (process.connected) process.send?.(m);
};

process.on('message', (m: ToShard) => {
  try {
    if (m.type === 'init-node') host = new NodeHost(m, emit);
    else host?.handle(m);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    emit({ type: 'fatal', shard: -1, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
  }
});

process.on('disconnect', () => {
  const bye = () => process.exit(0);
  setTimeout(bye, 2000).unref();
  void (host?.abort() ?? Promise.resolve()).then(bye, bye);
});
