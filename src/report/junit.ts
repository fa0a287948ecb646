import type { Summary } from './summary-types.js';
import { formatThresholdValue } from '../thresholds/format.js';

/** XML 1.0 text or attribute value; characters XML cannot hold at all are dropped. */
function x(s: string): string {
  return (
    s
      // XML 1.0 §2.2: these code points cannot appear in a document, escaped or not.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
  );
}

/**
 * A run's thresholds as JUnit XML (the Ant/Surefire schema Jenkins, GitLab, GitHub
 * reporters and Azure read): one testcase per threshold and per `<expect>` check name, failed ones with a <failure>,
 * plus one "run status" testcase that fails when the run did not complete, so a crashed
 * or aborted run is never green. Pure: the CLI writes the file.
 */
export function renderJunit(s: Summary, opts: { runId?: string } = {}): string {
  const cases: string[] = [];
  const statusOk = s.status === 'completed';
  cases.push(
    testcase(
      'run status',
      'xload.run',
      statusOk
        ? undefined
        : {
            message: `run ${s.status}`,
            body: `The run ended with status "${s.status}" after ${s.duration_s} s.`,
          },
    ),
  );
  for (const t of s.thresholds) {
    const value = formatThresholdValue(t);
    cases.push(
      testcase(
        t.expr,
        'xload.thresholds',
        t.ok
          ? undefined
          : {
              message: `${t.expr}: ${t.aborted ? 'failed and aborted the run' : 'failed'}, value ${value}`,
              body: `threshold: ${t.expr}\nvalue: ${value}${t.detail ? `\ndetail: ${t.detail}` : ''}`,
            },
        value,
      ),
    );
  }
  // `<expect>` checks are functional tests: one testcase per name, failed when any of its runs failed.
  const checks = Object.entries(s.checks?.names ?? {});
  for (const [name, c] of checks) {
    const counts = `${c.pass} passed, ${c.fail} failed`;
    cases.push(
      testcase(
        name,
        'xload.checks',
        c.fail === 0 ? undefined : { message: `check ${name}: ${counts}`, body: `check: ${name}\n${counts}`, type: 'check' },
        counts,
      ),
    );
  }
  const tests = cases.length;
  const failures = (statusOk ? 0 : 1) + s.thresholds.filter((t) => !t.ok).length + checks.filter(([, c]) => c.fail > 0).length;
  const time = s.duration_s.toFixed(3);
  const name = `xload ${s.scenario}`;
  const props = [['scenario', s.scenario], ['status', s.status], ['started', s.started], ...(opts.runId ? [['run_id', opts.runId]] : [])]
    .map(([k, v]) => `      <property name="${x(k!)}" value="${x(v!)}"/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="xload" tests="${tests}" failures="${failures}" errors="0" time="${time}">
  <testsuite name="${x(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}" timestamp="${x(s.started)}">
    <properties>
${props}
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function testcase(name: string, classname: string, failure?: { message: string; body: string; type?: string }, value?: string): string {
  const out = value === undefined ? '' : `\n      <system-out>${x(`value: ${value}`)}</system-out>`;
  const fail = failure
    ? `\n      <failure message="${x(failure.message)}" type="${failure.type ?? 'threshold'}">${x(failure.body)}</failure>`
    : '';
  const close = fail || out ? `${fail}${out}\n    </testcase>` : '';
  return `    <testcase name="${x(name)}" classname="${classname}" time="0"${close ? `>${close}` : '/>'}`;
}
