/**
 * `npm run bench [-- NAME...] [--quick | --size 100k]`: runs the named benchmarks, or all of them, one after another.
 * Each prints one JSON line on stdout and its details on stderr, so `npm run bench 2>/dev/null` is machine-readable.
 *
 *   --quick       a smaller size of each benchmark, for a quick check (the full size is what the targets are about)
 *   --size 100k   the scan benchmark at 100,000 WorkSpaces in 5 accounts (issue 16); other benchmarks ignore it
 *
 * Exit code: 0 when every benchmark ran and measured what it should (missed targets are reported, not failures),
 * 1 when one failed or its measurement cannot be trusted, 64 for a usage error.
 */

import { CHAT_FULL_SIZE, CHAT_QUICK_SIZE, runChatBench } from './chat-bot';
import { type BenchIO, stdio } from './harness';
import { FULL_SIZE, LARGE_SIZE, QUICK_SIZE, runScanBench } from './scan';
import { SLACK_BENCH } from './slack';
import { TEAMS_BENCH } from './teams';

export interface BenchOptions {
  quick: boolean;
  /** `--size 100k`: the large size, where a benchmark has one. */
  large: boolean;
}

export interface Benchmark {
  summary: string;
  run(options: BenchOptions, io: BenchIO): Promise<{ problems: string[] }>;
}

/** The benchmarks by name, run in this order. A new one is one more entry. */
const BENCHMARKS: Record<string, Benchmark> = {
  scan: {
    summary:
      'the scanner vs. the seed portal, the API and store floors, and throttling; writes of a rescan (issues 3, 16)',
    run: ({ quick, large }, io) => runScanBench(large ? LARGE_SIZE : quick ? QUICK_SIZE : FULL_SIZE, io),
  },
  slack: {
    summary: 'the Slack handler in process: /workspace list and a click to ack; bundle size and cold init (issue 5)',
    run: ({ quick }, io) => runChatBench(SLACK_BENCH, quick ? CHAT_QUICK_SIZE : CHAT_FULL_SIZE, io),
  },
  teams: {
    summary:
      'the Teams handler in process: a list message and a Reboot click to ack; bundle size and cold init (issue 13)',
    run: ({ quick }, io) => runChatBench(TEAMS_BENCH, quick ? CHAT_QUICK_SIZE : CHAT_FULL_SIZE, io),
  },
};

const USAGE = `Usage: npm run bench [-- NAME...] [--quick | --size 100k]
  ${Object.entries(BENCHMARKS)
    .map(([name, b]) => `${name.padEnd(8)} ${b.summary}`)
    .join('\n  ')}
  --quick      a smaller size, for a quick check
  --size 100k  the scan benchmark at 100,000 WorkSpaces in 5 accounts`;

const SIZES = ['100k'];

export async function main(input: readonly string[], io: BenchIO = stdio): Promise<number> {
  // `--size 100k` and `--size=100k` alike.
  const args = input.flatMap((arg, i) =>
    arg === '--size' ? [] : input[i - 1] === '--size' ? [`--size=${arg}`] : [arg],
  );
  const names = args.filter((arg) => !arg.startsWith('-'));
  const flags = args.filter((arg) => arg.startsWith('-'));
  const known = (flag: string) => flag === '--quick' || SIZES.some((size) => flag === `--size=${size}`);
  const unknown = [...flags.filter((f) => !known(f)), ...names.filter((n) => !(n in BENCHMARKS))];
  if (flags.includes('--help') || flags.includes('-h')) {
    io.err(USAGE);
    return 0;
  }
  if (unknown.length) {
    io.err(`Unknown: ${unknown.join(' ')}\n${USAGE}`);
    return 64;
  }
  const options: BenchOptions = { quick: flags.includes('--quick'), large: flags.includes('--size=100k') };
  let code = 0;
  for (const name of names.length ? [...new Set(names)] : Object.keys(BENCHMARKS)) {
    try {
      const { problems } = await BENCHMARKS[name]!.run(options, io);
      if (problems.length) code = 1;
    } catch (error) {
      io.err(`${name} benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      code = 1;
    }
  }
  return code;
}

if (require.main === module) {
  // A signal ends the process through 'exit', whose handlers kill the child processes a benchmark started.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main(process.argv.slice(2)).then(
    // Exit explicitly: SDK keep-alive sockets would otherwise hold the process open for a while.
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
