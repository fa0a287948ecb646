/**
 * report.html and the compare page in a real browser (issue 4, "done when"): rendered by
 * the built CLI from a recorded run, loaded in headless Chromium; every chart must have
 * drawn and the page must log no errors. Screenshots go to reports/ci/ as CI artifacts.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, runCli } from './run-xload.js';
import { canvasStates, datasetSizes, launchChromium, openPage, screenshotPath } from './report-browser.js';
import type { Summary } from '../../src/report/summary-types.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'runs');
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xload-browser-'));
  cpSync(FIXTURES, dir, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('report.html in headless Chromium', () => {
  it.each(['chat-small', 'chat-killed'])('%s: every chart draws, no console errors', async (run) => {
    const r = await runCli(['report', join(dir, run)]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8')) as Summary;
    const { page, errors } = await openPage(browser);
    await page.goto(pathToFileURL(join(dir, run, 'report.html')).href, { waitUntil: 'load' });
    const canvases = await canvasStates(page);
    const metrics = Object.keys(summary.metrics).length;
    const errorChart = Object.keys(summary.errors).length > 0 ? 1 : 0;
    // Users, stanzas/s, bytes/s (+ errors/s), then per metric one latency-over-time and one percentile chart.
    expect(canvases.length).toBe(3 + errorChart + 2 * metrics);
    for (const c of canvases) {
      expect(c.hasChart, c.title).toBe(true);
      expect(c.width, c.title).toBeGreaterThan(100);
      expect(c.painted, `${c.title}: painted pixels`).toBeGreaterThan(500);
    }
    expect(errors).toEqual([]);
    await page.screenshot({ path: screenshotPath(`report-${run}.png`), fullPage: true });
    await page.close();
  });

  it('the compare page draws both runs on each latency chart', async () => {
    const html = join(dir, 'compare.html');
    const r = await runCli(['compare', join(dir, 'chat-small'), join(dir, 'chat-killed'), '--html', html]);
    expect([0, 98]).toContain(r.code);
    const { page, errors } = await openPage(browser);
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const canvases = await canvasStates(page);
    expect(canvases.length).toBe(5);
    for (const c of canvases) expect(c.painted, c.title).toBeGreaterThan(500);
    const datasets = await datasetSizes(page);
    for (const d of datasets) expect(d.every((n) => n > 3) && d.length === 2).toBe(true);
    expect(errors).toEqual([]);
    await page.screenshot({ path: screenshotPath('compare.png'), fullPage: true });
    await page.close();
  });
});
