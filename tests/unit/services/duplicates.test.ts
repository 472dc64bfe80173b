import { describe, expect, it } from 'vitest';
import { ServerDuplicates, fetchServerDuplicates } from '$lib/services/duplicates.svelte';

const found = [
	{ residentId: 'r-1', otherHamlet: 'ap-ben-cho', otherHamletName: 'Ấp Bến Chò' },
	{ residentId: 'r-1', otherHamlet: 'ap-thanh-hoa', otherHamletName: null },
	{ residentId: 'r-2', otherId: 'r-9', otherHamlet: 'ap-ben-cho', otherHamletName: 'Ấp Bến Chò' }
];

function memoryStore() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v)
	};
}

const answering =
	(status: number, body: unknown): typeof fetch =>
	async () =>
		new Response(JSON.stringify(body), { status });

describe('server duplicate findings on the device', () => {
	it('groups the findings per resident and keeps them per user for offline use', async () => {
		const store = memoryStore();
		const dups = new ServerDuplicates(store);
		await dups.refresh(answering(200, { collisions: found }), 't', {
			username: 'levanhung',
			commune: '25657'
		});
		expect(dups.byResident.get('r-1')).toHaveLength(2);
		expect(dups.byResident.get('r-2')?.[0].otherId).toBe('r-9');

		const reopened = new ServerDuplicates(store);
		reopened.use('levanhung');
		expect([...reopened.byResident.keys()]).toEqual(['r-1', 'r-2']);
		reopened.use('nguyenthilan');
		expect(reopened.byResident.size).toBe(0);
	});

	it('keeps the last answer when offline, refused or malformed', async () => {
		const dups = new ServerDuplicates(memoryStore());
		const user = { username: 'levanhung', commune: '25657' };
		await dups.refresh(answering(200, { collisions: found }), 't', user);
		await dups.refresh(answering(403, { error: 'forbidden' }), 't', user);
		await dups.refresh(answering(200, { collisions: [{ residentId: 1 }] }), 't', user);
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		await dups.refresh(offline, 't', user);
		expect(dups.byResident.size).toBe(2);
		expect(await fetchServerDuplicates(offline, 't', '25657')).toBeNull();
	});
});
