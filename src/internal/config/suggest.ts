/** "Did you mean …?" for a mistyped option, flag or command. */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest candidate (case-insensitive, at most a third of its length away), as ` (did you mean X?)`. */
export function suggestion(input: string, candidates: readonly string[]): string {
  const wanted = input.toLowerCase();
  let best: { name: string; cost: number } | undefined;
  for (const name of candidates) {
    const lower = name.toLowerCase();
    const prefix = Math.min(wanted.length, lower.length) >= 4 && (lower.startsWith(wanted) || wanted.startsWith(lower));
    const cost = prefix ? 1 : distance(wanted, lower);
    if (cost <= Math.max(2, Math.floor(name.length / 3)) && (!best || cost < best.cost)) best = { name, cost };
  }
  return best ? ` (did you mean ${best.name}?)` : '';
}
