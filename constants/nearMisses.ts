/** What a typo probably meant: the stack config's "did you mean" for keys, namespaces and values. */

/** Optimal string alignment distance (Levenshtein plus swapped neighbours), ignoring case. */
function distance(from: string, to: string): number {
    const a = from.toLowerCase(), b = to.toLowerCase();
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/** The candidates close enough to `word` to be what a typo meant (the closest ones, at most three). */
export function nearMisses(word: string, candidates: readonly string[]): string[] {
    const near = candidates.filter((c) => c !== word).map((c) => ({ c, d: distance(word, c) }))
        .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)));
    const best = Math.min(...near.map(({ d }) => d));
    return near.filter(({ d }) => d === best).slice(0, 3).map(({ c }) => c);
}

export const didYouMean = (options: readonly string[]) => options.length === 0 ? "" : `; did you mean ${options.join(" or ")}?`;
