import type { Browser } from '@playwright/test';
import { runHarness } from '../../../bench/harness-page';
import { VOLUNTEER } from '../../../factories/users.ts';

/**
 * Page model of one phone running the sync harness (tests/bench/sync.harness.ts): the app's
 * real data layer and engine in its own browser context, i.e. its own IndexedDB.
 */
export async function harnessPhone(
	browser: Browser,
	url: string,
	name: string,
	opts: { start?: boolean; pushBatchSize?: number } = {}
) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const ready = () => page.waitForFunction(() => document.title === 'harness-ready');
	await page.goto(url);
	await ready();
	const call = <T>(fn: string, ...args: unknown[]) => runHarness<T>(page, fn, ...args);
	await call('open', name, VOLUNTEER.username, VOLUNTEER.password, opts);
	return {
		page,
		call,
		/** Reloads the page (killing the engine wherever it was) and reopens the same database. */
		async reload() {
			await page.reload();
			await ready();
			await call('open', name, VOLUNTEER.username, VOLUNTEER.password);
		},
		syncNow: () => call<boolean>('syncNow', name),
		get: (collection: string, id: string) =>
			call<Record<string, unknown> | null>('get', name, collection, id),
		async offline(off: boolean) {
			await context.setOffline(off);
			await call('setOnline', name, !off);
		},
		close: () => context.close()
	};
}
