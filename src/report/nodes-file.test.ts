import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockSummary, type NodeReportRow } from './nodes-file.js';
import { writeSyntheticRun } from './synthetic-run.js';
import { writeRunOutputs } from './write-run.js';

const row = (over: Partial<NodeReportRow>): NodeReportRow => ({
  node: 0,
  name: 'local',
  kind: 'local',
  status: 'ok',
  shards: [0],
  counters: {},
  errors: {},
  ...over,
});

const NODES: NodeReportRow[] = [
  row({ counters: { users_started: 10, users_finished: 10, messages_sent: 40, messages_delivered: 38 } }),
  row({
    node: 1,
    name: '10.0.0.5:7911',
    kind: 'agent',
    shards: [1],
    clock_offset_ms: 3001.2,
    clock_uncertainty_ms: 0.2,
    clock_max_uncertainty_ms: 0.4,
    clock_samples: 31,
    clock_drift_ms_per_min: 0.05,
    counters: { users_started: 10, messages_sent: 40, messages_delivered: 42 },
  }),
  row({
    node: 2,
    name: '10.0.0.6:7911',
    kind: 'agent',
    shards: [2],
    status: 'lost',
    reason: 'silent for 3 s (no heartbeat)',
    lost_at: '2026-01-01T00:00:09.000Z',
    users_lost: 7,
    clock_offset_ms: -12,
    clock_uncertainty_ms: 0.3,
    counters: { users_started: 10 },
    errors: { agent_lost: 7, timeout: 2 },
  }),
];

describe('clockSummary', () => {
  it('bounds a cross-agent latency by the two largest uncertainties (worst in force during the run)', () => {
    expect(clockSummary(NODES)).toEqual({ corrected: true, agents: 2, max_uncertainty_ms: 0.7, max_offset_ms: 3001.2 });
  });

  it('says nothing for runs without agents', () => {
    expect(clockSummary(undefined)).toBeUndefined();
    expect(clockSummary([row({}), row({ node: 1, kind: 'process', name: 'process 1' })])).toBeUndefined();
  });
});

describe('report of a run on agents', () => {
  it('summary.json states the clock bound; report.html has it in the header and a row per node; a rebuild gives the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-nodes-'));
    await writeSyntheticRun(dir, { intervals: 4, seed: 3 });
    writeFileSync(join(dir, 'nodes.json'), JSON.stringify({ schema: 'xload.nodes/1', nodes: NODES }));
    const out = writeRunOutputs(dir);
    expect(out.summary.clock).toEqual({ corrected: true, agents: 2, max_uncertainty_ms: 0.7, max_offset_ms: 3001.2 });
    expect(out.summary.schema).toBe('xload.summary/3');
    const html = readFileSync(out.htmlPath, 'utf8');
    expect(html).toContain('cross-agent latencies are corrected to within ± 0.7 ms (2 agents; largest clock offset corrected 3,001.2 ms)');
    expect(html).toContain('<section id="nodes">');
    expect(html).toContain(
      '<th>agent 10.0.0.5:7911</th><td>ok</td><td>10</td><td>0</td><td>0</td><td>40</td><td>42</td><td>0</td><td>3,001.2 ± 0.2</td><td>0.05</td>',
    );
    expect(html).toContain(
      '<tr class="fail"><th>agent 10.0.0.6:7911</th><td>LOST at 2026-01-01T00:00:09.000Z: silent for 3 s (no heartbeat) (7 users lost)</td>',
    );
    expect(html).toContain('<th>local local</th><td>ok</td>');
    const summaryText = readFileSync(out.summaryPath, 'utf8');
    writeRunOutputs(dir);
    expect(readFileSync(out.htmlPath, 'utf8')).toBe(html);
    expect(readFileSync(out.summaryPath, 'utf8')).toBe(summaryText);
  });

  it('a broken nodes.json is a data warning, not a failed report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-nodes-'));
    await writeSyntheticRun(dir, { intervals: 2, seed: 4 });
    writeFileSync(join(dir, 'nodes.json'), '{"nodes": 3');
    const out = writeRunOutputs(dir);
    expect(out.summary.clock).toBeUndefined();
    expect(out.warnings.join('\n')).toMatch(/nodes\.json: .*per-node rows left out/);
    expect(readFileSync(out.htmlPath, 'utf8')).not.toContain('<section id="nodes">');
  });
});
