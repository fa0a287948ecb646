/**
 * scenarios/monitoring.xml, shortened, against the local ejabberd (issue 14): ejabberd's
 * beam.smp watched by process, this host, snmpd and munin-node (started by scripts/snmpd
 * and scripts/munin on their test ports). The run's servers section must be there and
 * true: the process CPU xload reports for beam.smp is held against the test's own
 * /proc/PID/stat readings over the same window. report.html's server chart is drawn in
 * headless Chromium and its screenshot kept as docs/report-servers.png (README).
 */
import { readdirSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './servers.js';
import { REPO_ROOT, runXload } from './run-xload.js';
import { MUNIN, pidTicks, SNMPD } from './monitor-fixture.js';
import { canvasStates, launchChromium, openPage, screenshotPath } from './report-browser.js';
import { readStatsNdjson } from '../../src/report/ndjson.js';
import { clockTicks } from '../../src/monitor/clock-ticks.js';

const snmpStart = ['--dir', SNMPD.dir, '--port', String(SNMPD.port)];
const muninStart = ['--dir', MUNIN.dir, '--port', String(MUNIN.port)];

beforeAll(async () => {
  await Promise.all([runScript('snmpd/start.sh', snmpStart), runScript('munin/start.sh', muninStart)]);
});
afterAll(async () => {
  await Promise.all([runScript('snmpd/stop.sh', snmpStart), runScript('munin/stop.sh', muninStart)]);
});

function beamPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'beam.smp' ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

/** beam.smp's utime+stime (all of them, as the monitor sums them), with the wall clock. */
function beamTicks(pids: number[]): { at: number; ticks: number } {
  return { at: Date.now(), ticks: pids.reduce((s, p) => s + pidTicks(p), 0) };
}

/** Ticks at `t` by linear interpolation between the readings around it. */
function ticksAt(readings: { at: number; ticks: number }[], t: number): number {
  const i = readings.findIndex((r) => r.at >= t);
  if (i <= 0) return readings[Math.max(0, i)]!.ticks;
  const a = readings[i - 1]!;
  const b = readings[i]!;
  return a.ticks + ((b.ticks - a.ticks) * (t - a.at)) / (b.at - a.at);
}

describe('monitoring.xml against ejabberd', () => {
  it('servers in stats.ndjson and summary.json, beam.smp CPU within 5 points of /proc, chart in report.html', async () => {
    const pids = beamPids();
    expect(pids.length).toBeGreaterThan(0);
    const hz = await clockTicks();
    const readings = [beamTicks(pids)];
    const timer = setInterval(() => readings.push(beamTicks(pids)), 50);
    let run;
    try {
      run = await runXload(join(REPO_ROOT, 'scenarios', 'monitoring.xml'), ['--workers', '1', '--duration', '10', '--interval', '2']);
    } finally {
      clearInterval(timer);
    }
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('monitors: ejabberd, localhost, snmp, munin');
    const servers = run.summary.servers!;
    expect(Object.keys(servers)).toEqual(['ejabberd', 'localhost', 'snmp', 'munin']);
    for (const [id, s] of Object.entries(servers)) {
      expect(s.samples, id).toBeGreaterThan(3);
      expect(s.series['cpu'], id).toBeDefined();
    }
    // A reading may miss its interval on this shared 2-core box (a gap), not more than one.
    expect(servers['ejabberd']!.gaps).toBeLessThanOrEqual(1);
    expect(servers['ejabberd']!.series['rss_bytes']!.max).toBeGreaterThan(20 * 2 ** 20);

    // xload's figure: its per-interval readings of beam.smp, each weighted by its span
    // (boundary to boundary). Only readings right after another count: the first one spans
    // from the monitor's open, and one after a gap from a reading that was dropped as late.
    const data = readStatsNdjson(join(run.dir, 'stats.ndjson'));
    const started = Date.parse(data.header.started);
    const bounds = data.intervals.map((l) => ({
      at: started + l.t_s * 1000,
      cpu: (l.sources?.['servers'] as Record<string, { cpu?: number } | null>)?.['ejabberd']?.cpu,
    }));
    let busy = 0;
    let ticks = 0;
    let span = 0;
    for (let i = 1; i < bounds.length; i++) {
      const [a, b] = [bounds[i - 1]!, bounds[i]!];
      if (a.cpu === undefined || b.cpu === undefined) continue;
      busy += b.cpu * (b.at - a.at);
      ticks += ticksAt(readings, b.at) - ticksAt(readings, a.at);
      span += b.at - a.at;
    }
    expect(span).toBeGreaterThan(4000);
    const reported = busy / span;
    const truth = (100 * ticks) / hz / (span / 1000);
    console.log(
      `beam.smp CPU over ${(span / 1000).toFixed(1)} s (gaps ${servers['ejabberd']!.gaps}): xload ${reported.toFixed(2)}%, /proc ${truth.toFixed(2)}%, summary mean ${servers['ejabberd']!.series['cpu']!.mean}%`,
    );
    expect(truth).toBeGreaterThan(1);
    expect(Math.abs(reported - truth)).toBeLessThanOrEqual(5);
    expect(Math.abs(servers['ejabberd']!.series['cpu']!.mean - truth)).toBeLessThanOrEqual(5);

    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(pathToFileURL(join(run.dir, 'report.html')).href, { waitUntil: 'load' });
      const charts = (await canvasStates(page)).filter((c) => c.title.startsWith('Server '));
      expect(charts.map((c) => c.title)).toEqual(['ejabberd', 'localhost', 'snmp', 'munin'].map((id) => `Server ${id}: CPU and memory`));
      for (const c of charts) expect(c.painted, c.title).toBeGreaterThan(500);
      expect(errors).toEqual([]);
      // The load's charts and the servers' below them, on one time axis (not the latency charts).
      const top = await page.locator('#timeseries').boundingBox();
      const bottom = await page.locator('#charts-servers').boundingBox();
      const shot = screenshotPath('report-servers.png');
      await page.screenshot({
        path: shot,
        fullPage: true,
        clip: { x: top!.x, y: top!.y, width: top!.width, height: bottom!.y + bottom!.height - top!.y },
      });
      copyFileSync(shot, join(REPO_ROOT, 'docs', 'report-servers.png'));
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
