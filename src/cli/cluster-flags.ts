import { READ_LIMITS, readErrorText, readRegularFileSync, type ReadLimit } from '../read-regular-file.js';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { XloadError } from '../errors.js';
import type { Plan } from '../scenario/plan.js';
import { plannedUsers, openFilesLimit } from '../engine/coordinator/limits.js';
import { localMaxUsers, maxChildProcesses, processesNeeded } from '../engine/coordinator/cluster-plan.js';
import { agentTargetsFromPlan, type AgentTarget, type ClusterOptions } from '../engine/coordinator/open-nodes.js';
import type { AgentAuth } from '../engine/coordinator/agent-link.js';

/** `start`'s distributed-mode flags. */
export interface ClusterArgs {
  agents?: string[];
  'agent-token-file'?: string;
  'agent-ca'?: string;
  'agent-cert'?: string;
  'agent-key'?: string;
  'max-lost-agents': number;
  'max-clock-offset': number;
  processes?: number;
}

export function clusterOptions<T>(y: Argv<T>): Argv<T & ClusterArgs> {
  return y
    .option('agents', {
      type: 'string',
      array: true,
      describe: 'run the load on these agents (HOST:PORT, comma-separated or repeated) instead of <clients>',
    })
    .option('agent-token-file', {
      type: 'string',
      describe: 'file holding the token the agents (and the monitor-only agents of <monitor type="erlang">) were started with',
    })
    .option('agent-ca', { type: 'string', describe: 'CA certificate of the agents (PEM): talk to agents over TLS' })
    .option('agent-cert', { type: 'string', describe: 'client certificate (PEM) for agents that require mutual TLS' })
    .option('agent-key', { type: 'string', describe: 'private key (PEM) of --agent-cert' })
    .option('max-lost-agents', {
      type: 'number',
      default: 0,
      describe: 'keep running when up to N agents are unreachable at start or lost during the run',
    })
    .option('max-clock-offset', {
      type: 'number',
      default: 1000,
      describe: "refuse agents whose clock is off the coordinator's by more than MS",
    })
    .option('processes', {
      type: 'number',
      describe: 'child processes for the local share (default: enough for the open-files limit)',
    }) as Argv<T & ClusterArgs>;
}

/** A flag that cannot be honoured: the CLI reports it as a usage error. */
export class ClusterFlagError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** Builds ClusterOptions from the flags and the plan's `<clients>`. */
export function clusterFromArgs(args: ClusterArgs, plan: Plan, cwd: string): ClusterOptions {
  const fromFlag = (args.agents ?? [])
    .flatMap((a) => a.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of fromFlag) if (!/^[^\s]+:\d+$/.test(a)) throw new ClusterFlagError(`--agents ${a}: expected HOST:PORT`);
  const agents: AgentTarget[] = fromFlag.length ? fromFlag.map((address) => ({ address, weight: 1 })) : agentTargetsFromPlan(plan);
  const localWeight = fromFlag.length
    ? 0
    : plan.clients.filter((c) => c.agentPort === undefined).reduce((a, c) => a + c.weight, 0) || (agents.length ? 0 : 1);
  const auth = agents.length
    ? agentAuthFromArgs(args, cwd, 'this run uses agents: pass --agent-token-file with the token they were started with')
    : undefined;
  const totalWeight = localWeight + agents.reduce((a, t) => a + t.weight, 0);
  const localUsers = totalWeight > 0 ? (plannedUsers(plan) * localWeight) / totalWeight : 0;
  const limit = openFilesLimit();
  const processes = args.processes ?? processesNeeded(Math.ceil(localUsers), limit);
  if (!(processes >= 1) || !Number.isInteger(processes))
    throw new ClusterFlagError(`--processes must be a positive integer, got ${processes}`);
  const most = maxChildProcesses(limit);
  if (processes > 1 && processes > most) {
    const need = Math.ceil(localUsers) + 256;
    throw new ClusterFlagError(
      args.processes !== undefined
        ? `--processes ${processes}: at most ${most} child processes under the open-files limit (ulimit -n ${limit}); raise it with \`ulimit -n ${need}\``
        : `the open-files limit (ulimit -n) is ${limit}: ${Math.ceil(localUsers)} users would need ${processes} child processes, more than the ${most} it allows; raise it with \`ulimit -n ${need}\` before running`,
    );
  }
  if (!(args['max-lost-agents'] >= 0)) throw new ClusterFlagError('--max-lost-agents must be 0 or more');
  const cap = localWeight > 0 ? localMaxUsers(plan) : undefined;
  return {
    agents,
    ...(auth ? { auth } : {}),
    localWeight,
    ...(cap !== undefined ? { localMaxUsers: cap } : {}),
    processes,
    maxLostAgents: args['max-lost-agents'],
    maxClockOffsetMs: args['max-clock-offset'],
  };
}

/**
 * The token and TLS files the run uses for agents (--agent-token-file, --agent-ca,
 * --agent-cert, --agent-key); `missing` is the message when there is no token.
 */
function agentAuthFromArgs(args: ClusterArgs, cwd: string, missing: string): AgentAuth {
  const read = (flag: string, f: string | undefined, limit: ReadLimit) => {
    if (f === undefined) return undefined;
    try {
      return readRegularFileSync(resolve(cwd, f), limit);
    } catch (err) {
      throw new ClusterFlagError(`${flag} ${f}: ${readErrorText(err)}`);
    }
  };
  const token = read('--agent-token-file', args['agent-token-file'], READ_LIMITS.token)?.toString('utf8').trim();
  if (!token) throw new ClusterFlagError(missing);
  const ca = read('--agent-ca', args['agent-ca'], READ_LIMITS.tlsPem);
  const cert = read('--agent-cert', args['agent-cert'], READ_LIMITS.tlsPem);
  const key = read('--agent-key', args['agent-key'], READ_LIMITS.tlsPem);
  return { token, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/**
 * What a plan's type="erlang" monitors authenticate with (issue 14): a monitor-only agent
 * takes the same token and TLS as load agents, so the run's agent flags; undefined when the
 * plan has no such monitor. Without a token it is a usage error naming the monitor.
 */
export function monitorAgentAuth(args: ClusterArgs, plan: Plan, cwd: string, cluster: ClusterOptions): AgentAuth | undefined {
  const erlang = (plan.monitors ?? []).find((m) => m.type === 'erlang');
  if (!erlang) return undefined;
  return (
    cluster.auth ??
    agentAuthFromArgs(
      args,
      cwd,
      `monitor ${erlang.id} (type="erlang") reads an \`xload agent --monitor-only\` on ${erlang.host}: pass --agent-token-file with the token it was started with`,
    )
  );
}
