import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenarioText } from '../scenario/index.js';
import { redactScenarioText, redactSecrets } from '../scenario/redact.js';
import { renderPlanSummary } from '../scenario/summary.js';
import { EjabberdMonitor } from './ejabberd.js';
import { MonitorUnreachableError, reasonOf } from './errors.js';
import { PrometheusMonitor } from './prometheus.js';

/**
 * Issue 13: an SNMP community and a monitor URL's `user:password@` never reach what xload
 * prints or keeps: check's summary and --json, the run folder's scenario copy, monitor
 * labels and the reasons in error messages and logs.
 */
const REPO = resolve(import.meta.dirname, '../..');
const BASE = readFileSync(join(REPO, 'scenarios', 'monitoring.xml'), 'utf8');
/** Secrets that XML, a URL and a regex all find awkward. */
const secret = fc
  .string({ unit: 'grapheme', minLength: 4, maxLength: 16 })
  .filter((s) => s.trim() === s && !/[\s<>&"'/?#@%:]/.test(s) && !BASE.includes(s) && !/^[\d.]+$/.test(s));

function withSecrets(community: string, password: string): string {
  const url = `http://scraper:${encodeURIComponent(password)}@127.0.0.1:9100/metrics`;
  return BASE.replace('community="public"', `community="${community}"`).replace(
    '</monitoring>',
    `  <monitor host="127.0.0.1" type="prometheus" id="prom" url="${url}" metrics="process_cpu_seconds"/>\n  </monitoring>`,
  );
}

describe('monitor secrets', () => {
  it('check, --json and the scenario copy carry neither the community nor the URL password', () => {
    fc.assert(
      fc.property(secret, secret, (community, password) => {
        const text = withSecrets(community, password);
        const r = compileScenarioText(text, { cwd: join(REPO, 'scenarios'), file: 'monitoring.xml' });
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        const outputs = [renderPlanSummary(r.plan), JSON.stringify(redactSecrets(r.plan)), redactScenarioText(text)];
        for (const out of outputs) {
          expect(out).not.toContain(community);
          expect(out).not.toContain(encodeURIComponent(password));
          expect(out).not.toContain(password);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('labels and error reasons keep the user, not the password', () => {
    fc.assert(
      fc.property(secret, (password) => {
        const url = `https://admin:${encodeURIComponent(password)}@metrics.example:9100/metrics`;
        const prom = new PrometheusMonitor({ id: 'p', host: 'h', type: 'prometheus', url, metrics: ['x'], pos: { line: 1, col: 1 } });
        const ej = new EjabberdMonitor({ id: 'e', host: 'h', type: 'ejabberd', url, pos: { line: 1, col: 1 } });
        const err = new MonitorUnreachableError('p', prom.label, reasonOf(new TypeError(`fetch failed for ${url}`)));
        for (const out of [prom.label, ej.label, err.message]) {
          expect(out).toContain('admin:***@metrics.example');
          expect(out).not.toContain(encodeURIComponent(password));
        }
      }),
      { numRuns: 100 },
    );
  });
});
