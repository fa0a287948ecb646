/** The xload attributes for SCRAM-*-PLUS: mechanism names and channel_binding compile and validate. */
import { describe, expect, it } from 'vitest';
import type { RequestOp } from './plan.js';
import { compile, errors, planOf } from '../../test/unit/scenario/minimal.js';

const sasl = (attrs: string): string => `<request><jabber type="auth_sasl" ack="local" ${attrs}/></request>`;

describe('channel_binding and -PLUS mechanisms', () => {
  it('compile into the plan (absent = auto at run time)', () => {
    const plan = planOf(
      compile({ body: [sasl('mechanism="SCRAM-SHA-512-PLUS" channel_binding="tls-exporter"'), sasl('mechanism="auto"')].join('\n') }),
    );
    const reqs = plan.sessions[0]?.ops.filter((o): o is RequestOp => o.kind === 'request') ?? [];
    expect(reqs[0]?.jabber).toMatchObject({ mechanism: 'SCRAM-SHA-512-PLUS', channelBinding: 'tls-exporter' });
    expect(reqs[1]?.jabber.channelBinding).toBeUndefined();
  });

  it.each([
    ['an unknown type', sasl('channel_binding="tls-foo"'), /channel_binding="tls-foo" on <jabber> is not valid/],
    [
      'on another request',
      '<request><jabber type="connect" ack="local" channel_binding="tls-unique"/></request>',
      /channel_binding applies to type="auth_sasl" only/,
    ],
  ])('refuses %s', (_name, body, message) => {
    const r = compile({ body });
    expect(r.ok).toBe(false);
    expect(errors(r).map((d) => d.message)).toContainEqual(expect.stringMatching(message));
  });
});
