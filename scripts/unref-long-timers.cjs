// Preloaded into Prisma CLI commands that run the Wasm schema engine (db:* scripts, migrateDeploy).
// The engine arms timers (10 s, 60 s) that it never clears, so `migrate deploy` would sit idle for
// 10 s and `migrate dev` for a minute after finishing. Timers armed from inside the engine are
// unref'd: they still fire while the engine works (its database sockets keep the process alive),
// but no longer hold the finished process open. Every other timer is left alone.
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof timer?.unref === 'function' && (new Error().stack ?? '').includes('wasm://')) timer.unref();
  return timer;
};
