/** "Did you mean ...?": the known words closest to what someone typed. */

/**
 * Optimal string alignment distance: Levenshtein plus swapping two neighbours, the commonest typo (`lsit`). Fifteen
 * lines here beat a dependency for words of a dozen letters.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Longer than this is not a mistyped command word; comparing it would only cost time. */
const MAX_WORD = 32;

/**
 * The candidates within a typo or two of `word` (one for short words, where two would match almost anything), and
 * those it is the start of (`stat` -> `status`), closest first, at most `limit`. Case does not count.
 */
export function closestWords(word: string, candidates: readonly string[], limit = 3): string[] {
  const typed = word.toLowerCase();
  if (typed.length === 0 || typed.length > MAX_WORD) return [];
  const allowed = typed.length <= 3 ? 1 : 2;
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = editDistance(typed, lower);
      // A prefix counts as slightly better than one typo, so `stat` offers `status` before `start`.
      const score = typed.length >= 3 && lower.startsWith(typed) ? 0.5 : distance;
      return { candidate, score, distance };
    })
    .filter(({ score, distance }) => score < 1 || distance <= allowed)
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  // Only the near-best: after `status` and `start`, `stop` would be noise.
  const best = scored[0]?.score ?? 0;
  return scored
    .filter(({ score }) => score <= best + 1)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
