import { describe, expect, it } from 'vitest';
import { ReadBudget } from '../../../sync-server/src/services/read-budget.ts';
import { PageCache, estimateBytes } from '../../../sync-server/src/storage/page-cache.ts';

/** A read that finishes when the test says so. */
function pending() {
	let finish = () => {};
	const done = new Promise<void>((resolve) => (finish = resolve));
	return { done, finish };
}

describe('ReadBudget', () => {
	it('runs reads that fit at once and makes the others wait their turn', async () => {
		const budget = new ReadBudget({ perUser: 100, total: 150, maxWaiting: 5 });
		const order: string[] = [];
		const a = pending();
		const first = budget.run('lan', 100, async () => {
			order.push('lan-1 start');
			await a.done;
			order.push('lan-1 end');
		});
		const second = budget.run('lan', 50, async () => void order.push('lan-2'));
		const other = budget.run('hung', 50, async () => void order.push('hung'));
		await Promise.resolve();
		await other;
		expect(order).toEqual(['lan-1 start', 'hung']);
		a.finish();
		await Promise.all([first, second]);
		expect(order).toEqual(['lan-1 start', 'hung', 'lan-1 end', 'lan-2']);
	});

	it('refuses with 429 once a user has too many reads waiting', async () => {
		const budget = new ReadBudget({ perUser: 10, total: 100, maxWaiting: 2 });
		const gate = pending();
		const running = budget.run('lan', 10, () => gate.done);
		const waiting = [budget.run('lan', 10, async () => 1), budget.run('lan', 10, async () => 2)];
		await expect(budget.run('lan', 10, async () => 3)).rejects.toMatchObject({
			status: 429,
			error: 'too_many_requests',
			headers: { 'retry-after': '1' }
		});
		gate.finish();
		await running;
		expect(await Promise.all(waiting)).toEqual([1, 2]);
	});

	it('a held reservation is taken by the first read only and given back once', async () => {
		const budget = new ReadBudget({ perUser: 10, total: 10, maxWaiting: 5 });
		const held = budget.hold('lan', 10);
		expect(await held.gate(10, async () => 'a')).toBe('a');
		expect(await held.gate(10, async () => 'b')).toBe('b');
		let ran = false;
		const other = budget.run('hung', 1, async () => void (ran = true));
		await Promise.resolve();
		expect(ran).toBe(false);
		held.release();
		held.release();
		await other;
		expect(ran).toBe(true);
		expect(await budget.run('hung', 10, async () => 'fits again')).toBe('fits again');
	});
});

describe('PageCache', () => {
	const page = (n: number, size = 100) => ({
		results: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, pad: 'x'.repeat(size) }))
	});

	it('shares a page between identical reads until its database is written', async () => {
		const cache = new PageCache<ReturnType<typeof page>>(1_000_000, 100_000);
		let loads = 0;
		const load = async () => (loads++, page(3));
		await cache.get('db1', 'q', load);
		await cache.get('db1', 'q', load);
		expect(loads).toBe(1);
		cache.clear('db2');
		await cache.get('db1', 'q', load);
		expect(loads).toBe(1);
		cache.clear('db1');
		await cache.get('db1', 'q', load);
		expect(loads).toBe(2);
	});

	it('holds at most its byte bound, dropping the least recently used, and skips huge pages', async () => {
		const one = estimateBytes(page(10).results);
		const cache = new PageCache<ReturnType<typeof page>>(one * 3, one * 2);
		for (let i = 0; i < 10; i++) await cache.get('db', `q${i}`, async () => page(10));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(cache.bytes).toBeLessThanOrEqual(one * 3);
		await cache.get('db', 'huge', async () => page(100));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(cache.bytes).toBeLessThanOrEqual(one * 3);
		let reloaded = false;
		await cache.get('db', 'huge', async () => ((reloaded = true), page(100)));
		expect(reloaded).toBe(true);
	});

	it('estimates the JSON size of a page from a sample', () => {
		const rows = page(1000).results;
		const exact = Buffer.byteLength(JSON.stringify(rows)) - 1000 - 1;
		expect(Math.abs(estimateBytes(rows) - exact) / exact).toBeLessThan(0.05);
	});
});
