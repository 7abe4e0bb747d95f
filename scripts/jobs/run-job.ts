// The frame of every `npm run jobs:*` script: DATABASE_URL as the login role (the jobs do what
// app_runtime may not), one database handle for the run, the job's report printed as one JSON
// line (stdout may also carry the run's pino log lines: the report is the last), exit code 1 with
// the message on failure.
import { createDb, setDb } from '../../src/lib/db/client';

/** `--name=value` from the command line, or undefined. */
export function argument(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
}

export function runJob(job: () => Promise<unknown>): void {
  const main = async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    const handle = createDb(url, { role: null });
    setDb(handle);
    try {
      console.log(JSON.stringify(await job()));
    } finally {
      await handle.close();
    }
  };
  main()
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    })
    // Done once the report is out: an abandoned HTTP call (a timed-out Clerk request) must not keep
    // the process alive. stdout to a pipe or file is synchronous on Linux, so nothing is cut off.
    .finally(() => process.exit());
}
