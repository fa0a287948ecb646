/**
 * Splitting load between shards by segment, not by Math.floor (k6's execution segments):
 * shard i of n owns the fraction (i/n, (i+1)/n] of every phase, so the shares of a
 * count add up to the whole count exactly and no user is lost to rounding.
 */
export interface Segment {
  from: number;
  to: number;
}

export function segmentOf(index: number, count: number): Segment {
  return { from: index / count, to: (index + 1) / count };
}

/** This segment's share of an integer total: round(total*to) - round(total*from). */
export function shareOfCount(total: number, seg: Segment): number {
  return Math.round(total * seg.to) - Math.round(total * seg.from);
}

/** This segment's share of a rate (Poisson streams add up, so a plain fraction is exact). */
export function shareOfRate(rate: number, seg: Segment): number {
  return rate * (seg.to - seg.from);
}

/** Whether the k-th item (0-based) of a list of `total` belongs to this segment. */
export function ownsIndex(k: number, total: number, seg: Segment): boolean {
  const x = (k + 0.5) / total;
  return x > seg.from && x <= seg.to;
}

/**
 * A shard's share of a cap its node holds (`<client maxusers>`): the node owns segment
 * `node` of the run, the shard the part `seg` of it; the node's shards' shares add up to
 * the cap exactly.
 */
export function capShare(cap: number, node: Segment, seg: Segment): number {
  const width = node.to - node.from;
  if (!(width > 0)) return cap;
  const rel = (x: number) => (x <= node.from ? 0 : x >= node.to ? 1 : (x - node.from) / width);
  return shareOfCount(cap, { from: rel(seg.from), to: rel(seg.to) });
}
