import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type AppDatabase } from '$lib/db';
import type { PublicUser } from '$lib/domain/directory';
import type { ServiceContext } from '$lib/services/context';

export const LAN: PublicUser = {
	username: 'nguyenthilan',
	role: 'volunteer',
	commune: '25657',
	hamlets: ['ap-ben-cho'],
	displayName: 'Nguyễn Thị Lan'
};
export const HUNG: PublicUser = {
	...LAN,
	username: 'levanhung',
	hamlets: ['ap-thanh-hoa'],
	displayName: 'Lê Văn Hùng'
};
export const HAI: PublicUser = {
	username: 'cb.tranvanhai',
	role: 'official',
	commune: '25657',
	hamlets: [],
	displayName: 'Trần Văn Hải'
};

let seq = 0;
const open: AppDatabase[] = [];

export async function testDb(): Promise<AppDatabase> {
	const db = await openDatabase({
		name: `svc${Date.now()}x${seq++}`,
		password: 'a-long-test-password',
		storage: getRxStorageMemory(),
		multiInstance: false
	});
	open.push(db);
	return db;
}

export async function closeAll(): Promise<void> {
	await Promise.all(open.splice(0).map((d) => d.close()));
}

/** A clock that moves one minute per call, starting on a visit morning in Tây Ninh. */
export function ctxFor(
	db: AppDatabase,
	user: PublicUser,
	start = '2026-11-20T08:00:00+07:00'
): ServiceContext {
	let t = Date.parse(start);
	return { db, user, now: () => new Date((t += 60_000)) };
}

export function expectOk<T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
	if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.issues)}`);
	return r.value;
}
