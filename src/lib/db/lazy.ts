/**
 * A promise that runs `start` when it is first awaited (then, catch or finally), once: lazy like
 * Prisma's own promises, so wrapping an operation does not run it before its caller awaits it.
 * `tag` names it in inspection (Symbol.toStringTag).
 */
export function lazyPromise<T>(tag: string, start: () => Promise<T>): Promise<T> {
  let started: Promise<T> | undefined;
  // A synchronous throw of `start` becomes the rejection, as from an async function.
  const run = () => (started ??= new Promise<T>((resolve) => resolve(start())));
  return {
    then: (onFulfilled, onRejected) => run().then(onFulfilled, onRejected),
    catch: (onRejected) => run().catch(onRejected),
    finally: (onFinally) => run().finally(onFinally),
    [Symbol.toStringTag]: tag,
  } as Promise<T>;
}
