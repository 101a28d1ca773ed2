/**
 * The chat benchmarks (Slack's and Teams') end to end at a tiny size, so they cannot rot: the real esbuild bundles and
 * their cold init in fresh processes, their own simulator process, the run's DynamoDB Local, the handler called in
 * process with requests signed as the platform signs them (Slack's signing secret; the Bot Framework stand-in's
 * tokens, checked by botbuilder), and the one JSON line each prints.
 */

import { type ChatBench, type ChatBenchLine, runChatBench } from '../../bench/chat-bot';
import { percentile } from '../../bench/harness';
import { main } from '../../bench/run';
import { SLACK_BENCH } from '../../bench/slack';
import { TEAMS_BENCH } from '../../bench/teams';

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

const BENCHES: [string, ChatBench<string>, { summary: RegExp; minBundle: number }][] = [
  // Bolt alone is over a megabyte minified.
  ['slack', SLACK_BENCH, { summary: /slack\s+the Slack handler/, minBundle: 1_000_000 }],
  // botbuilder with its Azure and MSAL packages is over a megabyte and a half.
  ['teams', TEAMS_BENCH, { summary: /teams\s+the Teams handler/, minBundle: 1_500_000 }],
];

describe.each(BENCHES)('the %s benchmark', (name, bench, expected) => {
  it('prints one sane JSON line at a tiny size', async () => {
    const { out, err, io } = collector();
    const result = await runChatBench(
      bench,
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
    const line = JSON.parse(out[0]!) as ChatBenchLine<string>;
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
    expect(line.bench).toBe(name);
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
    // The whole bot with its SDKs is well under ten megabytes.
    expect(line.bundle_bytes).toBeGreaterThan(expected.minBundle);
    expect(line.bundle_bytes).toBeLessThan(10_000_000);
    // The slow phase: every request got its final answer, and its acks did not wait for the slow work.
    expect(line.requests_slow).toBeGreaterThanOrEqual(10);
    expect(line.completed_slow).toBe(line.requests_slow);
    expect(line.ack_p99_slow_ms).toBeLessThan(2500);
    expect(err.filter((text) => text.startsWith('target '))).toHaveLength(6);
  }, 90_000);

  it('is listed by the dispatcher', async () => {
    const { err, io } = collector();
    expect(await main(['--help'], io)).toBe(0);
    expect(err.join('\n')).toMatch(expected.summary);
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
