/**
 * A set of ids kept in sorted order, so a page is "the next N ids after the last one returned": O(log n + page),
 * and stable when WorkSpaces come and go between pages.
 */
export class SortedIds {
  private ids: string[] = [];
  private sorted = true;

  get size(): number {
    return this.ids.length;
  }

  /** Appends without sorting; the next read sorts once, which keeps bulk loading at O(n log n). */
  add(id: string): void {
    const last = this.ids[this.ids.length - 1];
    if (this.sorted && last !== undefined && last >= id) this.sorted = false;
    this.ids.push(id);
  }

  remove(id: string): void {
    this.ensureSorted();
    const i = this.lowerBound(id);
    if (this.ids[i] === id) this.ids.splice(i, 1);
  }

  /** Up to `limit` ids strictly after `after` (or from the start), and whether more follow. */
  page(after: string | undefined, limit: number): { ids: string[]; more: boolean } {
    this.ensureSorted();
    const start = after === undefined ? 0 : this.upperBound(after);
    const ids = this.ids.slice(start, start + limit);
    return { ids, more: start + limit < this.ids.length };
  }

  private ensureSorted(): void {
    if (this.sorted) return;
    this.ids.sort();
    this.ids = this.ids.filter((id, i, all) => i === 0 || all[i - 1] !== id);
    this.sorted = true;
  }

  private lowerBound(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
