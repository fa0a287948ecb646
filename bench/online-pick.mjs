// destination="online" cost (issue 6): picks per CPU-second from the shared online set with
// ONLINE of MAX user ids online, the shape of the chat bench (900 of 20,000). Each round
// also churns the set (one user leaves and another joins per PICKS_PER_CHURN picks) so the
// figure includes the upkeep of the index. Needs `npm run build`.
// Usage: node bench/online-pick.mjs [MAX=20000] [ONLINE=900] [PICKS=2000000]
// Prints one JSON line: { max, online, picks, picks_per_s, ns_per_pick }.
import { OnlineSet } from '../dist/engine/shared/online-set.js';

const [max = 20000, online = 900, picks = 2_000_000] = process.argv.slice(2).map(Number);
const PICKS_PER_CHURN = 50;
const set = OnlineSet.create(max);
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
// The pool hands out the lowest free id (as Tsung's ts_user_server), so the online users
// hold ids 1..ONLINE and the rest of the table is empty.
const on = [];
for (let id = 1; id <= online; id++) {
  set.setConnected(id, true);
  set.setOnline(id, true);
  on.push(id);
}
// Old API: pickOnline(self, limit, rnd); new API: pickOnline(self, rnd).
const pick = set.pickOnline.length >= 3 ? (self) => set.pickOnline(self, max, rnd) : (self) => set.pickOnline(self, rnd);
let sink = 0;
const run = (n) => {
  for (let i = 0; i < n; i++) {
    const self = on[i % on.length];
    sink += pick(self);
    if (i % PICKS_PER_CHURN === 0) {
      const k = Math.floor(rnd() * on.length);
      // One user leaves; the next arrival takes its id (the lowest free one).
      set.setConnected(on[k], false);
      set.setConnected(on[k], true);
      set.setOnline(on[k], true);
    }
  }
};
run(Math.min(picks, 100_000)); // warm-up
const t0 = process.cpuUsage();
run(picks);
const cpu = process.cpuUsage(t0);
const s = (cpu.user + cpu.system) / 1e6;
if (sink === 0) throw new Error('no pick succeeded');
console.log(JSON.stringify({ max, online, picks, picks_per_s: Math.round(picks / s), ns_per_pick: Math.round((s * 1e9) / picks) }));
