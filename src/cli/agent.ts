import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import type { AgentServer } from '../agent/server.js';
import { DEFAULT_ALLOWED_TARGETS } from '../agent/admission.js';
import { DEFAULT_AGENT_PORT } from '../agent/monitor-protocol.js';
import { XLOAD_VERSION } from '../version.js';
import { checkFlags } from '../ranges.js';
import { XloadError } from '../errors.js';
import { READ_LIMITS, readErrorText, readRegularFileSync, type ReadLimit } from '../read-regular-file.js';
import { plaintextListenWarning } from '../agent/plaintext-warning.js';

interface AgentArgs {
  listen: string;
  'token-file'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  'tls-client-ca'?: string;
  'allow-target'?: string[];
  'source-ip'?: string[];
  workers?: number;
  'data-dir'?: string;
  'allow-stories'?: boolean;
  'monitor-only'?: boolean;
}

/** Load flags that mean nothing to a monitor-only agent: given with it, they are a mistake. */
const LOAD_ONLY_FLAGS = ['allow-target', 'source-ip', 'workers', 'data-dir', 'allow-stories'] as const;

/**
 * `xload agent --listen HOST:PORT`: serve coordinators on a load box until SIGINT/SIGTERM;
 * with --monitor-only, serve type="erlang" monitors with this host's figures instead.
 */
export const agentCommand = defineCommand<AgentArgs>({
  command: 'agent',
  describe: 'serve a coordinator on this load box (distributed mode): runs its share of the load',
  builder: (y) =>
    y
      .option('listen', {
        type: 'string',
        demandOption: true,
        describe: `address to serve gRPC on, HOST:PORT (HOST alone: port ${DEFAULT_AGENT_PORT})`,
      })
      .option('monitor-only', {
        type: 'boolean',
        describe: 'run no load: answer <monitor type="erlang"> with this host\'s CPU, memory and load (Tsung\'s erlang monitor)',
      })
      .option('token-file', { type: 'string', describe: 'file holding the shared token coordinators must present (required)' })
      .option('tls-cert', { type: 'string', describe: 'serve TLS with this certificate (PEM)' })
      .option('tls-key', { type: 'string', describe: 'private key (PEM) of --tls-cert' })
      .option('tls-client-ca', { type: 'string', describe: 'require client certificates signed by this CA (mutual TLS)' })
      .option('allow-target', {
        type: 'string',
        array: true,
        describe: `servers this agent may load: CIDR, address or host name, repeatable (default: ${DEFAULT_ALLOWED_TARGETS.join(', ')})`,
      })
      .option('source-ip', {
        type: 'string',
        array: true,
        describe: "bind outgoing connections to this local address when the scenario's <client> names no <ip>, repeatable",
      })
      .option('workers', { type: 'number', describe: 'worker threads for the load (default: CPU cores)' })
      .option('data-dir', {
        type: 'string',
        describe:
          'the only folder whose files (file_server CSVs, story modules) a plan may read; without it, plans naming files are refused',
      })
      .option('allow-stories', {
        type: 'boolean',
        describe: 'run the <story> modules a plan names, from --data-dir only: they are code this agent runs',
      }),
  run: async (args, io) => {
    const m = parseListen(args.listen);
    if (!m) {
      io.stderr.write(`xload: --listen ${args.listen}: expected HOST:PORT (or HOST, for port ${DEFAULT_AGENT_PORT})\n`);
      return ExitCode.usage;
    }
    const monitorOnly = args['monitor-only'] === true;
    const loadFlag = monitorOnly ? LOAD_ONLY_FLAGS.find((f) => args[f] !== undefined) : undefined;
    if (loadFlag) {
      io.stderr.write(`xload: --${loadFlag} has no effect with --monitor-only (a monitor-only agent runs no load): drop one of them\n`);
      return ExitCode.usage;
    }
    const badFlag = checkFlags([['workers', args.workers, 'threads']]) ?? checkFlags([['listen', Number(m[2]), 'listenPort']]);
    if (badFlag) {
      io.stderr.write(`xload: ${badFlag}\n`);
      return ExitCode.usage;
    }
    const read = (flag: string, f: string, limit: ReadLimit) => {
      try {
        return readRegularFileSync(resolve(io.cwd, f), limit);
      } catch (err) {
        throw new XloadError('usage', `--${flag} ${f}: ${readErrorText(err)}`);
      }
    };
    const dataDir = args['data-dir'] !== undefined ? resolve(io.cwd, args['data-dir']) : undefined;
    if (dataDir !== undefined && !isDirectory(dataDir)) {
      io.stderr.write(`xload: --data-dir ${args['data-dir']}: not a folder\n`);
      return ExitCode.usage;
    }
    if (!args['token-file']) {
      io.stderr.write('xload: agent needs --token-file: a coordinator must prove it may use this box\n');
      return ExitCode.usage;
    }
    if ((args['tls-cert'] === undefined) !== (args['tls-key'] === undefined)) {
      io.stderr.write('xload: --tls-cert and --tls-key go together\n');
      return ExitCode.usage;
    }
    const log = (line: string) => io.stdout.write(`${new Date().toISOString()} ${line}\n`);
    let server: AgentServer;
    try {
      // Loaded on use: every CLI command imports this file, and gRPC costs ~4 MiB of RSS.
      const { AgentServer } = await import('../agent/server.js');
      server = await AgentServer.start({
        host: m[1]!.replace(/^\[(.*)\]$/, '$1'),
        port: Number(m[2]),
        token: read('token-file', args['token-file'], READ_LIMITS.token).toString('utf8').trim(),
        ...(args['tls-cert'] && args['tls-key']
          ? {
              tls: {
                cert: read('tls-cert', args['tls-cert'], READ_LIMITS.tlsPem),
                key: read('tls-key', args['tls-key'], READ_LIMITS.tlsPem),
                ...(args['tls-client-ca'] ? { clientCa: read('tls-client-ca', args['tls-client-ca'], READ_LIMITS.tlsPem) } : {}),
              },
            }
          : {}),
        allowTargets: args['allow-target']?.length ? args['allow-target'] : DEFAULT_ALLOWED_TARGETS,
        sourceIps: args['source-ip'] ?? [],
        workers: Math.max(1, Math.floor(args.workers ?? availableParallelism())),
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(args['allow-stories'] ? { allowStories: true } : {}),
        xloadVersion: XLOAD_VERSION,
        log,
        ...(monitorOnly ? { monitorOnly } : {}),
      });
    } catch (err) {
      io.stderr.write(`xload: agent cannot start: ${(err as Error).message}\n`);
      return ExitCode.usage;
    }
    const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
    const plaintext = plaintextListenWarning(host, args['tls-cert'] !== undefined);
    if (plaintext) log(plaintext);
    const security = args['tls-cert'] ? (args['tls-client-ca'] ? 'mutual TLS' : 'TLS') : 'plaintext';
    log(
      monitorOnly
        ? `xload agent ${XLOAD_VERSION} listening on ${m[1]}:${server.port} (${security}), monitor-only: answers type="erlang" monitors with this host's CPU, memory and load, runs no load`
        : `xload agent ${XLOAD_VERSION} listening on ${m[1]}:${server.port} (${security}), targets allowed: ${(args['allow-target']?.length ? args['allow-target'] : DEFAULT_ALLOWED_TARGETS).join(', ')}, files read from ${dataDir ?? 'nowhere (no --data-dir)'}${args['allow-stories'] ? ', story modules run from there' : ''}`,
    );
    await new Promise<void>((r) => {
      if (!io.onSignal) return;
      const off = io.onSignal(() => {
        off();
        r();
      });
    });
    await server.stop();
    log('agent stopped');
    return ExitCode.ok;
  },
});

/**
 * `--listen HOST:PORT` (`[V6]:PORT`), or a host alone (`10.0.0.5`, `[::1]`) for the default
 * port. Written as [whole, host, port], the shape of the HOST:PORT match it extends.
 */
export function parseListen(text: string): [string, string, string] | null {
  const m = /^(.+):(\d+)$/.exec(text);
  if (m) return [text, m[1]!, m[2]!];
  if (text !== '' && (!text.includes(':') || /^\[[^\]]+\]$/.test(text))) return [text, text, String(DEFAULT_AGENT_PORT)];
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
