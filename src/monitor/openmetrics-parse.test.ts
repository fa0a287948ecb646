import { describe, expect, it } from 'vitest';
import { ExpositionSyntaxError, parseExposition, seriesName } from './openmetrics-parse.js';

describe('Prometheus / OpenMetrics text', () => {
  it('reads samples with and without labels, escapes, special values and timestamps', () => {
    const text = [
      '# HELP up whether the target is up',
      '# TYPE up gauge',
      'up 1',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'msg{text="a \\"quoted\\" \\\\ line\\nbreak",} 3.5e2',
      'lat_bucket{le="+Inf"} +Inf',
      'nan_metric NaN',
      'neg -Inf',
      '# EOF',
      '',
    ].join('\n');
    const samples = parseExposition(text);
    expect(samples.map((s) => [seriesName(s), s.value])).toEqual([
      ['up', 1],
      ['http_requests_total{method="post",code="200"}', 1027],
      ['msg{text="a \\"quoted\\" \\\\ line\\nbreak"}', 350],
      ['lat_bucket{le="+Inf"}', Infinity],
      ['nan_metric', NaN],
      ['neg', -Infinity],
    ]);
    expect(samples[2]?.labels).toEqual([['text', 'a "quoted" \\ line\nbreak']]);
  });

  it('says which line is malformed', () => {
    expect(() => parseExposition('ok 1\nbad{x="1" 2\n')).toThrow(ExpositionSyntaxError);
    expect(() => parseExposition('ok 1\nbad{x="1" 2\n')).toThrow(/line 2/);
    expect(() => parseExposition('name_only\n')).toThrow(/not a sample value/);
  });
});
