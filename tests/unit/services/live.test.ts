import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createHousehold } from '$lib/services/households.service';
import { LiveRecords } from '$lib/services/live.svelte';
import { addMember, changeResident } from '$lib/services/residents.service';
import { closeAll, ctxFor, expectOk, LAN, testDb } from './helpers';

afterEach(closeAll);

async function until(check: () => boolean) {
	for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
	flushSync();
}

describe('LiveRecords', () => {
	it('follows the database: new and renamed residents are found without reloading', async () => {
		const db = await testDb();
		const ctx = ctxFor(db, LAN);
		const live = new LiveRecords(db);
		await until(() => live.loaded);
		const hh = expectOk(
			await createHousehold(ctx, {
				hamlet: 'ap-ben-cho',
				houseNumber: '12/3A',
				street: '',
				notes: ''
			})
		);
		const r = expectOk(
			await addMember(ctx, hh, { fullName: 'Nguyễn Văn Ánh', relationship: 'head' })
		);
		await until(() => live.residents.length === 1);
		expect(live.search('nguyen van anh').map((h) => h.id)).toEqual([r.id]);
		expect(live.search('12/3a').map((h) => h.id)).toEqual([r.id]);
		expectOk(await changeResident(ctx, r.id, (x) => ({ ...x, fullName: 'Nguyễn Văn Ân' })));
		await until(() => live.residents[0]?.fullName === 'Nguyễn Văn Ân');
		expect(live.search('anh')).toEqual([]);
		expect(live.search('AN').map((h) => h.id)).toEqual([r.id]);
		live.destroy();
	});
});
