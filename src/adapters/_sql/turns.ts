/**
 * Runs async tasks one at a time, in call order. A SQL adapter's transaction spans several awaits;
 * on a single connection nothing else may run in between, or it would read uncommitted rows or
 * start a second transaction inside the first.
 */
export class Turns {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task, task) as Promise<T>;
    this.tail = result.catch(() => undefined);
    return result;
  }
}
