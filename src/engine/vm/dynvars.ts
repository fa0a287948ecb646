import { randomBytes } from 'node:crypto';
import type { SetDynVarsOp } from '../../scenario/plan.js';
import type { VmUser } from './user-api.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `<setdynvars>`: Tsung's sources, each value bound to the listed variables in order. */
export function runSetDynVars(u: VmUser, op: SetDynVarsOp): void {
  const src = op.source;
  let values: string[];
  switch (src.type) {
    case 'random_number':
      values = op.vars.map(() => String(src.start + Math.floor(u.host.rng() * (src.end - src.start + 1))));
      break;
    case 'random_string':
      values = op.vars.map(() => randomString(u, src.length));
      break;
    case 'urandom_string':
      // Tsung's urandom_string is cheap, not secret: one random byte string per value.
      values = op.vars.map(() => randomBytes(src.length).toString('base64url').slice(0, src.length));
      break;
    case 'value':
      values = op.vars.map(() => src.value);
      break;
    case 'file': {
      const row = u.host.files.next(src.fileId, src.order, src.delimiter, u.host.rng);
      if (!row) {
        u.host.stats.error('file_empty');
        values = [];
      } else {
        values = row;
      }
      break;
    }
  }
  op.vars.forEach((name, i) => {
    const v = values[i];
    if (v !== undefined) u.setVar(name, v);
  });
}

function randomString(u: VmUser, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(u.host.rng() * ALNUM.length)];
  return s;
}
