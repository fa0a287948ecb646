/**
 * Headless Chromium for the report tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download; scripts/setup-system.sh installs chromium).
 * playwright-core over a hand-written DevTools pipe: it gives console and page errors,
 * waits and screenshots in a few lines, as a dev dependency only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './run-xload.js';

export const CHROMIUM = '/usr/bin/chromium';
/** CI artifacts: screenshots the tests took. */
export const ARTIFACTS = join(REPO_ROOT, 'reports', 'ci');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/** Opens a page that records every console error and uncaught exception. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors };
}

/** Per canvas: whether Chart.js owns it and how many of its pixels are painted. */
export interface CanvasState {
  title: string;
  hasChart: boolean;
  painted: number;
  width: number;
  height: number;
}

/**
 * Runs in the page, so it is a string: the project's TypeScript has no DOM types. Counts the
 * non-transparent pixels of every canvas and asks Chart.js whether it owns it.
 */
const CANVAS_STATES = `Array.from(document.querySelectorAll('canvas')).map(function (c) {
  var ctx = c.getContext('2d');
  var painted = 0;
  if (ctx && c.width > 0 && c.height > 0) {
    var d = ctx.getImageData(0, 0, c.width, c.height).data;
    for (var i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
  }
  var title = c.previousElementSibling ? c.previousElementSibling.textContent : '';
  return { title: title, hasChart: !!(window.Chart && window.Chart.getChart(c)), painted: painted, width: c.width, height: c.height };
})`;

export function canvasStates(page: Page): Promise<CanvasState[]> {
  return page.evaluate<CanvasState[]>(CANVAS_STATES);
}

/** Points per dataset of every chart on the page. */
export function datasetSizes(page: Page): Promise<number[][]> {
  return page.evaluate<number[][]>(`Array.from(document.querySelectorAll('canvas')).map(function (c) {
    return Chart.getChart(c).data.datasets.map(function (d) { return d.data.length; });
  })`);
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
