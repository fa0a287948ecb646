import type { Plan } from '../../scenario/plan.js';

/**
 * Online-set slots for users named by CSV files (`<xmpp_authenticate username=...>` fed by
 * setdynvars from a file_server), so that destination="online" finds them as it finds
 * numbered users. Tsung keys its online table by the {User, Passwd} tuple in that case
 * (ts_jabber_common:set_id/3); a SharedArrayBuffer needs numbers, so every name gets a
 * number that all threads and all nodes agree on without talking: its position in the
 * first column of the file_server files (Tsung's convention for user files, as
 * random_from_fileid reads it), after the numbered users' slots. A name found nowhere
 * there gets no slot (it can write to online users, but is never picked).
 */
export class NameSlots {
  private readonly slots = new Map<string, number>();

  /** `names`: distinct, in file order; slot of names[i] is base + 1 + i. */
  constructor(
    private readonly names: readonly string[],
    readonly base: number,
  ) {
    names.forEach((n, i) => this.slots.set(n, base + 1 + i));
  }

  get size(): number {
    return this.names.length;
  }

  /** The slot of a user name (or bare JID, as the file has it), or 0. */
  slotOf(name: string): number {
    return this.slots.get(name) ?? 0;
  }

  /** The name a slot stands for, or undefined for a numbered user's slot. */
  nameOf(slot: number): string | undefined {
    return this.names[slot - this.base - 1];
  }
}

/** First field of each row (`;`, `,` or tab ends it), distinct, in order. */
export function firstColumn(rows: Iterable<string>, into: string[] = [], seen = new Set<string>()): string[] {
  for (const row of rows) {
    const name = row.split(/[;,\t]/, 1)[0]!.trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      into.push(name);
    }
  }
  return into;
}

/** Slots before the names: the numbered users' (at least one, as the node host sizes it). */
export function nameSlotBase(plan: Plan): number {
  return Math.max(plan.options.jabber.userIdMax, 1);
}

const named = new WeakMap<Plan, boolean>();

/** Whether any request sets its user's name (`<xmpp_authenticate>`): only then are names slotted. */
export function usesNamedUsers(plan: Plan): boolean {
  let v = named.get(plan);
  if (v === undefined) named.set(plan, (v = findsAuthenticate(plan)));
  return v;
}

function findsAuthenticate(plan: Plan): boolean {
  if (plan.options.fileServers.length === 0) return false;
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(walk);
    if (v === null || typeof v !== 'object') return false;
    if ('authenticate' in v && (v as { authenticate?: unknown }).authenticate) return true;
    return Object.values(v).some(walk);
  };
  return walk(plan.sessions) || walk(plan.runOnce ?? []);
}
