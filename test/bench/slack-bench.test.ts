/**
 * The Slack benchmark end to end at a tiny size, so it cannot rot: the real esbuild bundles and their cold init in
 * fresh processes, its own simulator process, the run's DynamoDB Local, the handler called in process, and the one
 * JSON line it prints.
 */

import { runChatBench } from '../../bench/chat-bot';
import { percentile } from '../../bench/harness';
import { main } from '../../bench/run';
import { SLACK_BENCH, type SlackBenchLine } from '../../bench/slack';

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('the Slack benchmark', () => {
  it('prints one sane JSON line at a tiny size', async () => {
    const { out, err, io } = collector();
    const result = await runChatBench(
      SLACK_BENCH,
      {
        iterations: 8,
        warmUp: 3,
        initRuns: 1,
        workspaces: 12,
        dynamoWarmUp: 20,
        dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      },
      io,
    );

    expect(result.problems).toEqual([]);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!) as SlackBenchLine;
    expect(line).toEqual(result.line);
    expect(Object.keys(line)).toEqual([
      'bench',
      'list_p50_ms',
      'list_p99_ms',
      'click_p99_ms',
      'ack_p99_ms',
      'ack_p99_slow_ms',
      'completed_slow',
      'requests_slow',
      'bundle_bytes',
      'init_ms',
      'bare_init_ms',
      'init_ratio',
    ]);
    expect(line.bench).toBe('slack');
    for (const key of [
      'list_p50_ms',
      'list_p99_ms',
      'click_p99_ms',
      'ack_p99_ms',
      'init_ms',
      'bare_init_ms',
    ] as const) {
      expect(line[key]).toBeGreaterThan(0);
      expect(line[key]).toBeLessThan(10_000);
    }
    expect(line.list_p99_ms).toBeGreaterThanOrEqual(line.list_p50_ms);
    expect(line.init_ratio).toBeCloseTo(line.init_ms / line.bare_init_ms, 1);
    // Bolt alone is over a megabyte minified; the whole bot with its SDK left out is well under ten.
    expect(line.bundle_bytes).toBeGreaterThan(1_000_000);
    expect(line.bundle_bytes).toBeLessThan(10_000_000);
    // The slow phase: every request got its final answer, and its acks did not wait for the slow work.
    expect(line.requests_slow).toBeGreaterThanOrEqual(10);
    expect(line.completed_slow).toBe(line.requests_slow);
    expect(line.ack_p99_slow_ms).toBeLessThan(2500);
    expect(err.filter((text) => text.startsWith('target '))).toHaveLength(6);
  }, 60_000);

  it('is listed by the dispatcher', async () => {
    const { err, io } = collector();
    expect(await main(['--help'], io)).toBe(0);
    expect(err.join('\n')).toMatch(/slack\s+the Slack handler/);
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const samples = Array.from({ length: 300 }, (_, i) => 300 - i);
    expect(percentile(samples, 50)).toBe(150);
    expect(percentile(samples, 99)).toBe(297);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
