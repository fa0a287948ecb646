import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XloadError } from '../errors.js';
import { chartSpecs } from './chart-configs.js';
import type { ChartSpec } from './chart-configs.js';
import type { ReportModel } from './model.js';

/** What `xload report --png` needs from chartjs-node-canvas (an optional package, not a dependency). */
export interface NodeCanvasModule {
  ChartJSNodeCanvas: new (o: { width: number; height: number; backgroundColour?: string }) => {
    renderToBuffer(config: ChartSpec['config'], mimeType?: 'image/png'): Promise<Buffer>;
  };
}

/** How to get --png working; printed whenever it is not. The HTML report never needs it. */
export const PNG_INSTALL_HINT = [
  '--png needs the optional package chartjs-node-canvas and its native dependency canvas,',
  "which has no prebuilt binary here and builds from source with Debian's cairo and pango:",
  '  apt-get install -y build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev',
  "  npm install --no-save canvas chartjs-node-canvas    (prefix npm_config_nodedir=/usr if node-gyp cannot fetch Node's headers)",
  'report.html does not need it: it draws its charts in the browser.',
].join('\n');

/** --png was asked for and cannot be honoured. */
export class PngUnavailableError extends XloadError {
  constructor(detail: string) {
    super('png_unavailable', `${detail}\n${PNG_INSTALL_HINT}`);
  }
}

/** Loads chartjs-node-canvas if it is installed (through a variable: it is not a dependency). */
export async function loadNodeCanvas(): Promise<NodeCanvasModule> {
  const name = 'chartjs-node-canvas';
  try {
    return (await import(name)) as NodeCanvasModule;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND') throw new PngUnavailableError('chartjs-node-canvas is not installed.');
    // Installed, but canvas's native binding did not load (built for another Node, missing libcairo, ...).
    throw new PngUnavailableError(`chartjs-node-canvas did not load: ${e.message ?? String(err)}`);
  }
}

/**
 * Renders each of the report's charts to DIR/png/<chart>.png (1000x500, white background)
 * for mail and CI artifacts. Returns the files written.
 */
export async function writePngs(
  dir: string,
  model: ReportModel,
  load: () => Promise<NodeCanvasModule> = loadNodeCanvas,
): Promise<string[]> {
  const { ChartJSNodeCanvas } = await load();
  const canvas = new ChartJSNodeCanvas({ width: 1000, height: 500, backgroundColour: 'white' });
  const out = join(dir, 'png');
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const spec of chartSpecs(model)) {
    const path = join(out, `${spec.id}.png`);
    writeFileSync(path, await canvas.renderToBuffer(spec.config, 'image/png'));
    files.push(path);
  }
  return files;
}
