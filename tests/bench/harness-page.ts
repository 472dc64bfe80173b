import type { Page } from '@playwright/test';

type Harness = Record<string, (...args: unknown[]) => unknown>;

/** Calls `window.harness[fn](...args)` on a harness page built by `buildHarness`. */
export const runHarness = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
	page.evaluate(
		([f, a]) =>
			(window as unknown as { harness: Harness }).harness[f as string](...(a as unknown[])),
		[fn, args] as const
	) as Promise<T>;

export function percentile(sorted: readonly number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
