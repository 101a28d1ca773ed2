/** The bounded helpers of core/collections.ts: what they remember and what they let run at once. */
import { Limiter, RecentKeys } from '../../core/collections';

describe('RecentKeys', () => {
  it('remembers at most `size` keys, forgetting the one added longest ago first', () => {
    const keys = new RecentKeys(2);
    keys.add('a');
    keys.add('b');
    keys.add('a'); // seen again: now the newest
    keys.add('c');
    expect(keys.has('a')).toBe(true);
    expect(keys.has('b')).toBe(false);
    expect(keys.has('c')).toBe(true);
  });
});

describe('Limiter.acquire', () => {
  it('holds a slot until released, once however often release is called', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    let second = false;
    const waiting = limiter.acquire().then((r) => {
      second = true;
      return r;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    release();
    release();
    const releaseSecond = await waiting;
    expect(second).toBe(true);
    // The double release freed no extra slot: a third waits for the second.
    let third = false;
    const pending = limiter.acquire().then(() => {
      third = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    releaseSecond();
    await pending;
    expect(third).toBe(true);
  });
});
