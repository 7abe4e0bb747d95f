// Preloaded into Prisma CLI commands that use the Wasm schema engine (see package.json, db:migrate).
// The engine arms a 60 s timer it never clears, so `prisma migrate dev` would sit idle for a minute
// after finishing. Unref'ing timers of a minute or longer lets the process exit when its work is done;
// shorter timers (retries, pool timeouts) are left alone.
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === 'number' && ms >= 60_000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
