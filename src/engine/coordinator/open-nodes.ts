import type { ClientSpec, Plan } from '../../scenario/plan.js';
import type { AgentAuth } from './agent-link.js';
import type { ClockEstimate } from './clock.js';
import { AgentError } from '../../agent/errors.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import { clientMaxUsers, type NodeShape } from './cluster-plan.js';
import { segmentOf, shareOfCount } from '../segment.js';
import { InProcessLink, type NodeLink } from './node-link.js';
import { ProcessLink } from './process-link.js';

/** An agent the run should use: from a `<client host port>` or `--agents`. */
export interface AgentTarget {
  address: string;
  weight: number;
  client?: ClientSpec;
}

/** Everything beyond one process: agents, child processes, and how strict to be about them. */
export interface ClusterOptions {
  agents: AgentTarget[];
  auth?: AgentAuth;
  /** Weight of the coordinator's own share (its local `<client>`s); 0 = agents only. */
  localWeight: number;
  /** Concurrent-user cap of the local share (its `<client maxusers>`); absent = none. */
  localMaxUsers?: number;
  /** Child processes for the local share (1 = this process's threads). */
  processes: number;
  /** Agents that may be missing at start or lost during the run before it fails. */
  maxLostAgents: number;
  /** Refuse an agent whose clock differs from the coordinator's by more than this. */
  maxClockOffsetMs: number;
}

export interface OpenNode {
  link: NodeLink;
  shape: NodeShape;
  clock?: ClockEstimate;
  /** The latest estimate (agents re-estimate from every heartbeat), for nodes.json. */
  clockNow?: () => ClockEstimate | null;
}

/** Remote `<client>`s (those with an agent port) as agent targets. */
export function agentTargetsFromPlan(plan: Plan): AgentTarget[] {
  return plan.clients
    .filter((c) => c.agentPort !== undefined)
    .map((c) => ({ address: `${c.host}:${c.agentPort}`, weight: c.weight, client: c }));
}

/**
 * Opens every node of a run: the local share (threads here, or child processes), then the
 * agents, connected and clock-probed in parallel. Agents that fail are named; more
 * failures than --max-lost-agents allows stop the run before anything starts.
 */
export async function openNodes(workers: number, c: ClusterOptions, xloadVersion: string, log: (l: string) => void): Promise<OpenNode[]> {
  const nodes: OpenNode[] = [];
  if (c.localWeight > 0) {
    const cap = c.localMaxUsers;
    if (c.processes <= 1) {
      // --workers 0: the one shard on this thread (in-process-shard.ts).
      nodes.push({
        link: new InProcessLink({ inProcess: workers === 0 }),
        shape: { weight: c.localWeight, workers: Math.max(1, workers), ...(cap !== undefined ? { maxUsers: cap } : {}) },
      });
    } else {
      const per = Math.max(1, Math.round(workers / c.processes));
      for (let i = 0; i < c.processes; i++) {
        const maxUsers = cap !== undefined ? { maxUsers: shareOfCount(cap, segmentOf(i, c.processes)) } : {};
        nodes.push({ link: new ProcessLink(i + 1), shape: { weight: c.localWeight / c.processes, workers: per, ...maxUsers } });
      }
    }
  }
  const results = await Promise.allSettled(c.agents.map((t) => openAgent(t, c, xloadVersion, log)));
  const failures: AgentError[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') nodes.push(r.value);
    else
      failures.push(
        r.reason instanceof AgentError ? r.reason : new AgentError('agent_unreachable', c.agents[i]!.address, String(r.reason)),
      );
  });
  const tolerated = failures.length <= c.maxLostAgents && nodes.length > 0;
  if (tolerated) for (const f of failures) log(`warning: ${f.message}; running without it (--max-lost-agents ${c.maxLostAgents})`);
  if (!tolerated) {
    await Promise.all(nodes.map((n) => n.link.close()));
    if (failures.length > 0) {
      const first = failures[0]!;
      const more =
        failures.length > 1
          ? ` (and ${failures.length - 1} more agent failure(s): ${failures
              .slice(1)
              .map((f) => f.agent)
              .join(', ')})`
          : '';
      throw new AgentError(
        first.code as ConstructorParameters<typeof AgentError>[0],
        first.agent,
        `${first.message.replace(`agent ${first.agent}: `, '')}${more}; the run was not started`,
      );
    }
    throw new AgentError('agent_config', '-', 'no node to run the load on');
  }
  return nodes;
}

async function openAgent(t: AgentTarget, c: ClusterOptions, xloadVersion: string, log: (l: string) => void): Promise<OpenNode> {
  if (!c.auth) throw new AgentError('agent_auth', t.address, 'no token: pass --agent-token-file');
  // Loaded here, not at the top: @grpc/grpc-js costs ~4 MiB of RSS that runs without
  // agents never need (bench/README.md, fixed cost).
  const { AgentLink } = await import('./agent-link.js');
  const link = await AgentLink.connect(t.address, c.auth);
  try {
    const h = link.hello;
    if (h.xloadVersion !== xloadVersion || h.protocol !== PROTOCOL_VERSION) {
      throw new AgentError(
        'agent_version',
        t.address,
        `runs xload ${h.xloadVersion} (protocol ${h.protocol}), the coordinator runs xload ${xloadVersion} (protocol ${PROTOCOL_VERSION}); install the same version on both`,
      );
    }
    const clock = await link.probeClock();
    const skew = clockProblem(clock, c.maxClockOffsetMs);
    if (skew) throw new AgentError('agent_clock', t.address, skew);
    link.watchClock({ maxOffsetMs: c.maxClockOffsetMs, log });
    // An agent named by --agents stands for a client of its own: no <ip>s (its --source-ip applies).
    const client = t.client ?? { host: t.address, weight: t.weight, maxUsers: 800, useControllerVm: false, cpu: 1, ips: [] };
    const maxUsers = clientMaxUsers(t.client);
    return {
      link,
      shape: { weight: t.weight, workers: Math.max(1, h.workers), client, ...(maxUsers !== undefined ? { maxUsers } : {}) },
      clock,
      clockNow: () => link.clock,
    };
  } catch (err) {
    await link.close();
    throw err;
  }
}

/**
 * Why an agent's clock is too far off to trust, or null. Latencies are corrected by the
 * offset either way; a large one means the box's time is broken (no NTP), and its logs
 * and any server-side timestamps would not line up with the run.
 */
export function clockProblem(clock: ClockEstimate, maxOffsetMs: number): string | null {
  if (Math.abs(clock.offsetMs) - clock.uncertaintyMs <= maxOffsetMs) return null;
  return `clock is ${clock.offsetMs.toFixed(1)} ms (± ${clock.uncertaintyMs.toFixed(1)} ms) off the coordinator's, more than --max-clock-offset ${maxOffsetMs} ms; sync it with NTP`;
}
