/**
 * Clock correction across boxes (issue 7), for real: two agents against the real ejabberd,
 * one of them on a clock 3 s ahead (libfaketime, Debian's `faketime`, preloaded into its
 * node process and so into its worker threads), whose wall clock is then stepped another
 * 3 s mid-run, as NTP or `date -s` would. Chats cross the agents both ways: uncorrected,
 * their latencies would be ~3000 ms one way and negative the other.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runCli, runXload, XLOAD_BIN } from './run-xload.js';
import { chatScenario, connectionsTo, killAll, makeWorkDir, sleep, startAgent, waitUntil, type AgentProc } from './agent-fixture.js';
import { launchChromium, openPage } from './report-browser.js';
import type { NodeReportRow } from '../../src/report/nodes-file.js';

const PORT = 17931;
const SKEWED = '127.0.0.5';
const PLAIN = '127.0.0.6';
const work = makeWorkDir();
const spec = join(work.dir, 'faketime-spec');
const agents: AgentProc[] = [];

/** Debian's libfaketime (thread-safe build): the path differs between architectures. */
function libfaketime(): string {
  const files = execFileSync('dpkg', ['-L', 'libfaketime'], { encoding: 'utf8' }).split('\n');
  const lib = files.find((f) => f.endsWith('/libfaketimeMT.so.1'));
  if (!lib)
    throw new Error('libfaketimeMT.so.1 not found: apt-get install faketime (scripts/setup-system.sh; the library is in libfaketime)');
  return lib;
}

beforeAll(async () => {
  writeFileSync(spec, '+3s\n');
  const tokenArgs = ['--token-file', work.tokenFile];
  // The spec is re-read every second, so the test can step the clock; the monotonic clock
  // is left alone, as NTP and `date -s` leave it alone.
  const env = { LD_PRELOAD: libfaketime(), FAKETIME_TIMESTAMP_FILE: spec, FAKETIME_CACHE_DURATION: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
  agents.push(await startAgent(SKEWED, PORT, tokenArgs, XLOAD_BIN, env), await startAgent(PLAIN, PORT, tokenArgs));
});
afterAll(() => killAll(agents));

describe('an agent 3 s ahead, stepped 3 s more mid-run', () => {
  it('is refused by default (--max-clock-offset 1000), naming it', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, agents, { users: 2, rate: 2, chats: 1, tailS: 1 });
    const run = await runCli([
      '-f',
      scenario,
      'start',
      '--out',
      join(work.dir, 'refused'),
      '--progress',
      '0',
      '--agent-token-file',
      work.tokenFile,
    ]);
    expect(run.code).toBe(4);
    const m =
      /agent 127\.0\.0\.5:17931: clock is (\d+\.\d) ms \(± \d+\.\d ms\) off the coordinator's, more than --max-clock-offset 1000 ms/.exec(
        run.stdout,
      );
    expect(m, run.stdout).not.toBeNull();
    // 3000 ms give or take the estimate's error (2999.9 has been seen).
    expect(Math.abs(Number(m![1]) - 3000)).toBeLessThan(50);
  });

  it('corrects cross-agent latencies to within the stated bound; nodes.json and report.html say so', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, agents, { users: 40, rate: 20, chats: 6, tailS: 3 });
    const running = runXload(scenario, ['--agent-token-file', work.tokenFile, '--max-clock-offset', '5000']);
    // Once users chat on both agents, step the skewed agent's wall clock: +3 s -> +6 s.
    expect(await waitUntil(() => [SKEWED, PLAIN].every((ip) => (connectionsTo(EJABBERD.port).get(ip) ?? 0) >= 10), 20_000)).toBe(true);
    await sleep(2500);
    writeFileSync(spec, '+6s\n');
    const run = await running;
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.messages).toEqual({ sent: 240, delivered: 240, lost: 0, duplicated: 0, in_flight: 0 });
    const lat = s.metrics.xmpp_msg_latency!;
    expect(lat.count).toBe(240);
    expect(lat.min_ms).toBeGreaterThanOrEqual(0);
    expect(lat.p99_ms).toBeLessThan(500);

    const nodes = (JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as { nodes: NodeReportRow[] }).nodes;
    const [skewed, plain] = nodes;
    expect(skewed!.name).toBe(`${SKEWED}:${PORT}`);
    expect((skewed!.counters.messages_from_other_nodes ?? 0) + (plain!.counters.messages_from_other_nodes ?? 0)).toBeGreaterThan(60);
    // The run's time on the skewed box did not move with its wall clock's step: still 3 s.
    expect(Math.abs(skewed!.clock_offset_ms! - 3000)).toBeLessThanOrEqual(skewed!.clock_uncertainty_ms! + 2);
    expect(Math.abs(plain!.clock_offset_ms!)).toBeLessThanOrEqual(plain!.clock_uncertainty_ms! + 2);
    for (const n of nodes) {
      expect(n.clock_samples!).toBeGreaterThan(10);
      expect(n.clock_uncertainty_ms!).toBeLessThan(50);
      if (n.clock_drift_ms_per_min !== undefined) expect(Math.abs(n.clock_drift_ms_per_min)).toBeLessThan(6);
    }
    // Neither the coordinator nor a shard saw the offset move: the wall-clock step did not leak in.
    expect(run.stdout).not.toContain('clock moved to');
    expect(run.stdout).not.toContain('clock offset stepped');
    expect(run.stdout).toContain(`cross-agent latencies are corrected to within ± ${s.clock!.max_uncertainty_ms} ms`);
    console.info(
      `agent-clock: offsets ${nodes.map((n) => `${n.clock_offset_ms} ± ${n.clock_uncertainty_ms} ms (worst ± ${n.clock_max_uncertainty_ms}, ${n.clock_samples} samples, drift ${n.clock_drift_ms_per_min ?? '-'} ms/min)`).join(', ')}; bound ± ${s.clock!.max_uncertainty_ms} ms; xmpp_msg_latency min ${lat.min_ms} p50 ${lat.p50_ms} p99 ${lat.p99_ms} max ${lat.max_ms} ms`,
    );
    expect(s.clock?.corrected).toBe(true);
    expect(s.clock?.agents).toBe(2);
    expect(s.clock!.max_uncertainty_ms).toBeLessThan(100);
    expect(s.clock!.max_offset_ms).toBeGreaterThan(2990);

    // The report renders the per-node table and the bound in a real browser, without errors.
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(pathToFileURL(join(run.dir, 'report.html')).href, { waitUntil: 'load' });
      expect(await page.locator('#nodes tbody tr').count()).toBe(2);
      expect(await page.locator('#run').innerText()).toContain(
        `cross-agent latencies are corrected to within ± ${s.clock!.max_uncertainty_ms}`,
      );
      expect(await page.locator('#nodes').innerText()).toContain(`agent ${SKEWED}:${PORT}`);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
