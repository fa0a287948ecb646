import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../scenario/plan.js';
import { FileSources, nameSlotCount } from './file-sources.js';
import { firstColumn, NameSlots, nameSlotBase, usesNamedUsers } from './name-slots.js';

function planWith(fileServers: { id: string; path: string }[], authenticate: boolean, userIdMax = 0): Plan {
  const jabber = { type: 'connect', ...(authenticate ? { authenticate: { username: '%%_u%%', passwd: '%%_p%%' } } : {}) };
  return {
    options: { fileServers, jabber: { userIdMax } },
    sessions: [{ name: 's', ops: [{ kind: 'request', jabber }] }],
  } as unknown as Plan;
}

describe('name slots (CSV users in the online set)', () => {
  it('takes the first column, distinct, in file order', () => {
    expect(firstColumn(['alice;pw1', 'bob,pw2', 'alice;pw3', '  carol\tx', ';empty'])).toEqual(['alice', 'bob', 'carol']);
  });

  it('numbers names after the numbered users and maps both ways', () => {
    const n = new NameSlots(['alice', 'bob@example.org'], 5);
    expect(n.slotOf('alice')).toBe(6);
    expect(n.slotOf('bob@example.org')).toBe(7);
    expect(n.slotOf('nobody')).toBe(0);
    expect(n.nameOf(7)).toBe('bob@example.org');
    expect(n.nameOf(3)).toBeUndefined();
    expect(n.size).toBe(2);
  });

  it('gives every shard and the node host the same table from the same files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-names-'));
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, '# users\nuser1;pwd1\nuser2;pwd2\n\nuser3;pwd3\n');
    writeFileSync(b, 'user2;x\nuser9;y\n');
    const specs = [
      { id: 'a', path: a },
      { id: 'b', path: b },
    ];
    const plan = planWith(specs, true);
    expect(usesNamedUsers(plan)).toBe(true);
    expect(nameSlotBase(plan)).toBe(1);
    expect(nameSlotCount(plan)).toBe(4);
    const shard0 = new FileSources(specs, 0, 2).nameSlots(1);
    const shard1 = new FileSources(specs, 1, 2).nameSlots(1);
    for (const name of ['user1', 'user2', 'user3', 'user9']) expect(shard0.slotOf(name)).toBe(shard1.slotOf(name));
    expect(shard0.slotOf('user9')).toBe(5);
    // Without <xmpp_authenticate> the files hold something else: no slots.
    expect(nameSlotCount(planWith(specs, false, 100))).toBe(0);
  });
});
