import { describe, expect, it } from 'vitest';
import { NodeTally } from './node-tally.js';
import { renderNodeRows } from '../../output/nodes.js';

describe('NodeTally clock columns', () => {
  it('keeps the latest estimate per agent (offset, uncertainty, worst uncertainty, samples, drift)', () => {
    const t = new NodeTally([
      { name: 'local', kind: 'local', shards: [0] },
      { name: '10.0.0.5:7911', kind: 'agent', shards: [1], clock: { offsetMs: 3000.12345, uncertaintyMs: 0.4, samples: 8 } },
    ]);
    expect(t.rows[1]).toMatchObject({ clock_offset_ms: 3000.123, clock_uncertainty_ms: 0.4, clock_samples: 8 });
    t.setClock(1, { offsetMs: 3001, uncertaintyMs: 0.2, samples: 40, driftMsPerMin: 1.5, worstUncertaintyMs: 0.9 });
    expect(t.rows[1]).toMatchObject({
      clock_offset_ms: 3001,
      clock_uncertainty_ms: 0.2,
      clock_max_uncertainty_ms: 0.9,
      clock_samples: 40,
      clock_drift_ms_per_min: 1.5,
    });
    expect(t.rows[0]!.clock_offset_ms).toBeUndefined();
    expect(renderNodeRows(t.rows)[1]).toContain('clock 3001 ± 0.2 ms, drift 1.5 ms/min');
    expect(renderNodeRows(t.rows)[2]).toBe('  cross-agent latencies are corrected to within ± 0.9 ms');
  });

  it('records when a node was lost', () => {
    const t = new NodeTally([{ name: 'a:1', kind: 'agent', shards: [0] }]);
    t.lose(0, 'silent for 3 s (no heartbeat)');
    expect(t.rows[0]!.status).toBe('lost');
    expect(Date.parse(t.rows[0]!.lost_at!)).toBeGreaterThan(Date.now() - 5000);
  });
});
