import { describe, expect, it } from 'vitest';
import { compile, errors, planOf, scenario, type Parts } from '../../test/unit/scenario/minimal.js';

const phase = (ph: string, users: string): string => `<arrivalphase phase="1" ${ph}><users ${users}/></arrivalphase>`;
const R = '<request><jabber type="connect" ack="no_ack"/></request>';

interface Case {
  name: string;
  parts: Parts;
  message: RegExp;
}

/** Each value is well-formed XML and a number, but no run can use it: refused with its position. */
const refused: Case[] = [
  // Durations and times past Node's timer limit (2^31-1 ms, ~24.8 days), in every unit.
  {
    name: 'phase duration 1e308 s',
    parts: { load: phase('duration="1e308" unit="second"', 'arrivalrate="1" unit="second"') },
    message: /duration="1e308" on <arrivalphase> is not valid: 1e\+308 second is longer than Node's timers can wait/,
  },
  {
    name: 'phase duration 25 days in hours',
    parts: { load: phase('duration="600" unit="hour"', 'arrivalrate="1" unit="second"') },
    message: /600 hour is longer than Node's timers can wait \(2147483647 ms/,
  },
  {
    name: 'phase duration 2^31 ms',
    parts: { load: phase('duration="2147483648" unit="millisecond"', 'arrivalrate="1" unit="second"') },
    message: /on <arrivalphase> is not valid/,
  },
  {
    name: 'user start_time 1e12 s',
    parts: { load: '<user session="s" start_time="1e12" unit="second"/>' },
    message: /start_time="1e12" on <user> is not valid/,
  },
  {
    name: 'interarrival 1e10 s',
    parts: { load: phase('duration="1" unit="minute"', 'interarrival="1e10" unit="second"') },
    message: /interarrival="1e10" on <users> is not valid/,
  },
  {
    name: 'interarrival 1e-9 s (a billion users a second)',
    parts: { load: phase('duration="1" unit="minute"', 'interarrival="1e-9" unit="second"') },
    message: /interarrival="1e-9" on <users> is not valid/,
  },
  // Rates.
  {
    name: 'arrivalrate 1e308',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="1e308" unit="second"') },
    message: /arrivalrate="1e308" on <users> is not valid: 1e\+308 per second/,
  },
  {
    name: 'arrivalrate 1e7 per second',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="1e7" unit="second"') },
    message: /users per second: 10000000 is out of range/,
  },
  {
    name: 'arrivalrate Infinity',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="Infinity" unit="second"') },
    message: /arrivalrate="Infinity" on <users> is not valid/,
  },
  {
    name: 'arrivalrate NaN',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="NaN" unit="second"') },
    message: /arrivalrate="NaN" on <users> is not valid/,
  },
  // Counts and loop bounds.
  {
    name: 'maxnumber 1e12',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="1" unit="second" maxnumber="1000000000000"') },
    message: /maxnumber="1000000000000" on <users> is not valid/,
  },
  {
    name: 'maxnumber 1.5',
    parts: { load: phase('duration="1" unit="minute"', 'arrivalrate="1" unit="second" maxnumber="1.5"') },
    message: /maxnumber="1.5" on <users> is not valid: expected a whole number/,
  },
  {
    name: 'client cpu 100000',
    parts: { clients: '<client host="localhost" use_controller_vm="true" cpu="100000"/>' },
    message: /cpu="100000" on <client> is not valid/,
  },
  {
    name: 'client maxusers 1e10',
    parts: { clients: '<client host="localhost" use_controller_vm="true" maxusers="10000000000"/>' },
    message: /maxusers="10000000000" on <client> is not valid/,
  },
  {
    name: 'client weight 1e308',
    parts: { clients: '<client host="localhost" use_controller_vm="true" weight="1e308"/>' },
    message: /weight="1e308" on <client> is not valid/,
  },
  {
    name: 'for to="1.5" (not 0 iterations)',
    parts: { body: `<for var="i" from="1" to="1.5">${R}</for>` },
    message: /to="1.5" on <for> is not valid: expected a whole number/,
  },
  { name: 'for from="0.5"', parts: { body: `<for var="i" from="0.5" to="3">${R}</for>` }, message: /from="0.5" on <for> is not valid/ },
  {
    name: 'for to="1e15"',
    parts: { body: `<for var="i" from="1" to="1000000000000000">${R}</for>` },
    message: /to="1000000000000000" on <for> is not valid/,
  },
  {
    name: 'repeat max_repeat 1e12',
    parts: { body: `<repeat name="r" max_repeat="1000000000000">${R}<until var="x" eq="y"/></repeat>` },
    message: /max_repeat=".*" on <repeat> is not valid/,
  },
  {
    name: 'repeat max_repeat 2.5',
    parts: { body: `<repeat name="r" max_repeat="2.5">${R}<until var="x" eq="y"/></repeat>` },
    message: /max_repeat="2.5" on <repeat> is not valid: expected a whole number/,
  },
  {
    name: 'match max_loop 1e9',
    parts: { body: '<request><match do="loop" max_loop="1000000000">x</match><jabber type="connect" ack="no_ack"/></request>' },
    message: /max_loop="1000000000" on <match> is not valid/,
  },
  {
    name: 'match sleep_loop 1e7 s',
    parts: { body: '<request><match do="loop" sleep_loop="10000000">x</match><jabber type="connect" ack="no_ack"/></request>' },
    message: /sleep_loop="10000000" on <match> is not valid/,
  },
  {
    name: 'jabber size 1e9',
    parts: { body: '<request><jabber type="chat" ack="no_ack" size="1000000000" destination="random"/></request>' },
    message: /size="1000000000" on <jabber> is not valid/,
  },
  {
    name: 'random_string length 1e9',
    parts: { body: '<setdynvars sourcetype="random_string" length="1000000000"><var name="x"/></setdynvars>' },
    message: /length="1000000000" on <setdynvars> is not valid/,
  },
  // Thinktimes and timeouts.
  {
    name: 'thinktime value 1e9 s',
    parts: { body: '<thinktime value="1000000000"/>' },
    message: /value on <thinktime>: 1000000000 is out of range; expected a number of seconds/,
  },
  {
    name: 'thinktime max 1e9 s',
    parts: { body: '<thinktime min="1" max="1000000000"/>' },
    message: /max="1000000000" on <thinktime> is not valid/,
  },
  {
    name: 'option thinktime 3e6 s',
    parts: { options: '<option name="thinktime" value="3000000"/>' },
    message: /value on <option>: 3000000 is out of range/,
  },
  {
    name: 'connect_timeout 1e10 ms',
    parts: { options: '<option name="connect_timeout" value="10000000000"/>' },
    message: /option connect_timeout: value 10000000000 is out of range/,
  },
  {
    name: 'idle_timeout 2^31 ms',
    parts: { options: '<option name="idle_timeout" value="2147483648"/>' },
    message: /option idle_timeout: value 2147483648 is out of range/,
  },
  {
    name: 'hibernate 1e7 s',
    parts: { options: '<option name="hibernate" value="10000000"/>' },
    message: /option hibernate: value 10000000 is out of range/,
  },
  {
    name: 'retry_timeout 1e10',
    parts: { options: '<option name="retry_timeout" value="10000000000"/>' },
    message: /option retry_timeout: value 10000000000 is out of range/,
  },
  {
    name: 'seed 2^40',
    parts: { options: '<option name="seed" value="1099511627776"/>' },
    message: /option seed: value 1099511627776 is out of range/,
  },
  {
    name: 'set_option connect_timeout 1e10',
    parts: { body: '<set_option name="connect_timeout" value="10000000000"/>' },
    message: /set_option connect_timeout: value 10000000000 is out of range/,
  },
  {
    name: 'session probability 150',
    parts: { sessions: '<session name="s" probability="150" type="ts_jabber">' + R + '</session>' },
    message: /probability="150" on <session> is not valid/,
  },
];

describe('numeric scenario values outside a usable range', () => {
  for (const c of refused) {
    it(`refuses ${c.name} with its line and column`, () => {
      const r = compile(c.parts);
      const errs = errors(r);
      expect(errs.map((e) => e.message).join('\n')).toMatch(c.message);
      for (const e of errs) expect(e.line).toBeGreaterThan(0);
      for (const e of errs) expect(e.col).toBeGreaterThan(0);
    });
  }

  for (const [attrs, message] of [
    ['duration="1000000000" unit="minute"', /duration="1000000000" on <load> is not valid: 1000000000 minute is longer/],
    ['loop="1000000000"', /loop="1000000000" on <load> is not valid: 1000000000 is out of range/],
    ['loop="0.5"', /loop="0.5" on <load> is not valid: expected a whole number/],
  ] as const) {
    it(`refuses <load ${attrs}> with its line and column`, () => {
      const errs = errors(compile(scenario().replace('<load>', `<load ${attrs}>`)));
      expect(errs.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n')).toMatch(new RegExp(`^6:7 ${message.source}`, 'm'));
    });
  }

  const accepted: [string, Parts][] = [
    ['a 24-day phase', { load: phase('duration="24" unit="hour"', 'arrivalrate="1" unit="second"') }],
    ['one user an hour', { load: phase('duration="1" unit="minute"', 'arrivalrate="1" unit="hour"') }],
    ['a million users a second', { load: phase('duration="1" unit="second"', 'arrivalrate="1000000" unit="second" maxnumber="10"') }],
    ['a thinktime of 0.5 s and one of 24 days', { body: `${R}<thinktime value="0.5"/><thinktime value="2073600"/>` }],
    ['connect_timeout infinity', { options: '<option name="connect_timeout" value="infinity"/>' }],
    [
      'a for loop over %%_n%%',
      { body: `<setdynvars sourcetype="value" value="3"><var name="n"/></setdynvars><for var="i" from="1" to="%%_n%%">${R}</for>` },
    ],
    ['a for loop from -5 to 5', { body: `<for var="i" from="-5" to="5">${R}</for>` }],
  ];
  for (const [name, parts] of accepted) {
    it(`accepts ${name}`, () => {
      expect(planOf(compile(parts))).toBeDefined();
    });
  }
});
