/** The simulator's clock and its queue of due state changes. */

export class SimClock {
  private offset = 0;
  private readonly origin: number;
  private readonly wallAtStart = Date.now();

  constructor(
    private readonly mode: 'real' | 'manual',
    start?: number,
  ) {
    this.origin = start ?? this.wallAtStart;
  }

  now(): number {
    const elapsed = this.mode === 'real' ? Date.now() - this.wallAtStart : 0;
    return this.origin + elapsed + this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(${ms}): give a non-negative number of milliseconds`);
    this.offset += ms;
  }
}

export interface DueEvent {
  due: number;
  workspaceId: string;
  /** The WorkSpace's transition generation when scheduled; a later state change makes the event stale. */
  generation: number;
}

/** A binary min-heap on `due`, so settling the fleet costs O(k log n) for the k changes that are due. */
export class DueQueue {
  private readonly heap: DueEvent[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(event: DueEvent): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.due <= heap[i]!.due) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest event if it is due by `now`. */
  popDue(now: number): DueEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top || top.due > now) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]!.due < heap[smallest]!.due) smallest = left;
        if (right < heap.length && heap[right]!.due < heap[smallest]!.due) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}

/** Parses a fleet-file time: ISO, epoch ms, a Date, or relative to `now` (`-90s`, `-15m`, `-2h`, `-3d`). */
export function parseTime(value: number | string | Date, now: number): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  const relative = /^([+-])(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(value.trim());
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[3] as 's' | 'm' | 'h' | 'd'];
    const sign = relative[1] === '-' ? -1 : 1;
    return now + sign * Number(relative[2]) * unit;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new Error(`"${value}" is not a time (ISO date, or relative like -2h)`);
  return parsed;
}
