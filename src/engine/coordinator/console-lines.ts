import type { SessionSpec } from '../../scenario/plan.js';

/** One node as the console describes it. */
export interface NodeLine {
  kind: 'local' | 'process' | 'agent';
  /** "local", "process 2", or the agent's HOST:PORT. */
  name: string;
  /** Worker threads; 0: the node's one shard runs on its main thread. */
  workers: number;
  maxUsers?: number;
}

/**
 * Where the load runs, for the run's header: e.g. "2 agents (127.0.0.2:7001 ×1 worker,
 * 127.0.0.3:7001 ×2 workers) and this process (2 workers)". Pure: returns the text.
 */
export function describeNodes(nodes: readonly NodeLine[]): string {
  const cap = (n: NodeLine) => (n.maxUsers !== undefined ? `, max ${n.maxUsers} users` : '');
  const parts: string[] = [];
  const agents = nodes.filter((n) => n.kind === 'agent');
  if (agents.length > 0) {
    parts.push(`${plural(agents.length, 'agent')} (${agents.map((a) => `${a.name} ×${plural(a.workers, 'worker')}${cap(a)}`).join(', ')})`);
  }
  const procs = nodes.filter((n) => n.kind === 'process');
  if (procs.length > 0) {
    const caps = procs.some((p) => p.maxUsers !== undefined) ? `, max ${procs.map((p) => p.maxUsers ?? '-').join('/')} users` : '';
    parts.push(`${plural(procs.length, 'child process', 'child processes')} here (×${plural(procs[0]!.workers, 'worker')} each${caps})`);
  }
  const local = nodes.find((n) => n.kind === 'local');
  if (local)
    parts.push(`this process (${local.workers === 0 ? 'its main thread, no worker' : plural(local.workers, 'worker')}${cap(local)})`);
  return parts.join(' and ');
}

/** The reason a run stops when a run-once session counted errors (one line). */
export function runOnceFailure(failed: { session: string; errors: Record<string, number> }): string {
  const classes = Object.entries(failed.errors)
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(', ');
  return `run-once session "${failed.session}" failed (${classes}): the load was not started`;
}

/** The line saying which run-once sessions run where (node 0: this process, a child process, or an agent). */
export function runOnceStart(sessions: readonly SessionSpec[], node: Pick<NodeLine, 'kind' | 'name'>): string {
  const where = node.kind === 'local' ? 'this process' : node.kind === 'agent' ? `agent ${node.name}` : node.name;
  return `run-once: ${sessions.map((s) => `"${s.name}"`).join(', ')} on ${where}, before the load`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
