import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Everything the process wrote so far (JSON log lines), stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Node with tsx's loader, for running the project's TypeScript entry points (server, jobs) as child
 * processes. Not the tsx CLI: it runs the script as a grandchild, which a SIGKILL of the CLI (a
 * test's last resort) would leave running.
 */
export const TSX_NODE = ['--import', 'tsx'];

/**
 * A job script (scripts/jobs/*.ts) run to completion on the test database, with `env` on top;
 * resolves to the JSON report it prints last. Fails on a non-zero exit or after 25 s.
 */
export async function runJob(script: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [...TSX_NODE, script, ...args], {
    env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, ...env },
    timeout: 25_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

export interface SpawnOptions {
  /** The checkout to run (default: this one). */
  cwd?: string;
  /** Node flags before the loader (e.g. a CPU profile). */
  nodeArgs?: string[];
}

/** src/server.ts started, not awaited: `output()` is everything it wrote so far. */
export function spawnServer(
  extraEnv: Record<string, string>,
  { cwd, nodeArgs = [] }: SpawnOptions = {},
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, ...TSX_NODE, 'src/server.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'test', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/**
 * The real entry point (src/server.ts, as `npm start` runs it) on a free loopback port, with
 * `extraEnv` on top of the test environment. Resolves once it logs "API ready"; a process that
 * exits or stays silent for 60 s fails with its output.
 */
export async function startServerProcess(extraEnv: Record<string, string>, options: SpawnOptions = {}): Promise<ServerProcess> {
  const { child, output } = spawnServer(extraEnv, options);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const ready = /API ready at http:\/\/localhost:(\d+)/;
  const deadline = Date.now() + 60_000;
  while (!ready.test(output())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = ready.exec(output())![1];
  return { child, base: `http://127.0.0.1:${port}`, output, stop };
}
