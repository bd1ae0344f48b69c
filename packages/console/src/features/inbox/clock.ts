import { type ReadonlySignal, signal } from '@preact/signals';

export interface Clock {
  /** The time, refreshed every `intervalMs`: enough for "waiting 3 min" without re-rendering every second. */
  readonly now: ReadonlySignal<number>;
  dispose(): void;
}

/**
 * @example
 * const clock = createClock(15_000);
 * effect(() => console.log(clock.now.value));
 */
export function createClock(intervalMs: number, read: () => number = Date.now): Clock {
  const now = signal(read());
  const timer = setInterval(() => {
    now.value = read();
  }, intervalMs);
  return {
    now,
    dispose: () => clearInterval(timer),
  };
}
