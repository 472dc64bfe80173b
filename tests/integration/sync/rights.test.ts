import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { makeResident } from '../../factories';
import { bearer, login, startTestServer, type TestServer } from '../helpers/server';
import { readQuarantine, saveRecord, updateRecord, type RecordDoc } from '$lib/db';
import { openTestDevice, type TestDevice } from './devices';
import { DEMO_ACCOUNTS } from '../../../sync-server/src/seed/demo';

/** An erasure made while a volunteer's phone was offline, as that phone lives it. */
const lan = DEMO_ACCOUNTS.find((a) => a.role === 'volunteer' && a.commune === '25657')!;
const official = DEMO_ACCOUNTS.find((a) => a.role === 'official' && a.commune === '25657')!;

let server: TestServer;
const open: TestDevice[] = [];
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(async () => {
	for (const d of open.splice(0)) await d.close();
});
afterAll(() => server?.stop());

async function phone(username: string) {
	const d = await openTestDevice(server.url, await login(server.url, username));
	open.push(d);
	return d;
}

it('reaches a phone that was offline during it, and takes the phone’s offline edit with it', async () => {
	const a = await phone(lan.username);
	const record = makeResident({
		seed: 4242,
		volunteer: lan.username,
		hamlet: lan.hamlets[0],
		commune: '25657',
		id: 'r-erase-me'
	}) as unknown as RecordDoc;
	await saveRecord(a.db, 'residents', record);
	expect(await a.engine.syncNow()).toBe(true);

	// Offline: the volunteer corrects the name; meanwhile the office erases the resident.
	await updateRecord(a.db, 'residents', 'r-erase-me', (r) => ({
		...r,
		fullName: 'Nguyễn Thị Sửa Đổi'
	}));
	const hai = await login(server.url, official.username);
	const erased = await fetch(`${server.url}/api/communes/25657/residents/r-erase-me/erase`, {
		method: 'POST',
		headers: { ...bearer(hai.token), 'content-type': 'application/json' },
		body: JSON.stringify({ reason: 'Người dân yêu cầu xóa dữ liệu' })
	});
	expect(erased.status).toBe(200);

	await a.engine.syncNow();
	await a.engine.syncNow();
	expect(await a.db.collections.residents.findOne('r-erase-me').exec()).toBeNull();
	// Not hidden but gone: the stored row (deleted ones included) holds no name or number.
	const [row] = await a.db.collections.residents.storageInstance.findDocumentsById(
		['r-erase-me'],
		true
	);
	const stored = JSON.stringify(row ?? {});
	expect(stored).not.toContain(String(record.fullName));
	expect(stored).not.toContain('Sửa Đổi');
	expect(JSON.stringify(await readQuarantine(a.db))).not.toContain(String(record.fullName));
	expect(await a.engine.unsynced()).toEqual([]);

	// A second phone of the hamlet, new, never receives it.
	const b = await phone(lan.username);
	expect(await b.engine.syncNow()).toBe(true);
	expect(await b.db.collections.residents.findOne('r-erase-me').exec()).toBeNull();
});
