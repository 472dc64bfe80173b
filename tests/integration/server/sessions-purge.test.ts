import { describe, expect, it } from 'vitest';
import { Sessions } from '../../../sync-server/src/services/sessions.ts';
import type { DocDb } from '../../../sync-server/src/storage/index.ts';
import { tempStorage } from '../helpers/storage';

const storage = tempStorage('sessions');

const count = async (db: DocDb, prefix: string) =>
	(await db.allDocs({ startkey: prefix, endkey: prefix + '\uffff' })).rows.length;

describe('the session store', () => {
	it('deletes expired sessions and their index entries, and only those', async () => {
		const db = await storage().internalDb('tramso_sessions_purge');
		let now = new Date('2026-11-01T00:00:00Z');
		const sessions = new Sessions(db, () => now, 3600_000);
		const old = await sessions.create({ username: 'nguyenthilan' });
		now = new Date('2026-11-01T00:30:00Z');
		const fresh = await sessions.create({ username: 'levanhung', sessionEpoch: 2 });
		now = new Date('2026-11-01T01:10:00Z');

		expect(await sessions.purgeExpired()).toBe(1);
		expect(await sessions.resolve(old.token)).toBeNull();
		expect(await sessions.resolve(fresh.token)).toEqual({
			username: 'levanhung',
			expiresAt: fresh.expiresAt,
			epoch: 2
		});
		expect(await count(db, 'session:')).toBe(1);
		expect(await count(db, 'u:')).toBe(1);
		expect(await sessions.purgeExpired()).toBe(0);
	});

	it('holds at most maxPerUser live sessions per user, revoking the oldest first', async () => {
		const db = await storage().internalDb('tramso_sessions_cap');
		let t = Date.parse('2026-11-01T00:00:00Z');
		const sessions = new Sessions(db, () => new Date(t), 3600_000, 3);
		const made = [];
		for (let i = 0; i < 5; i++) {
			t += 1000;
			made.push(await sessions.create({ username: 'nguyenthilan' }));
		}
		const other = await sessions.create({ username: 'levanhung' });
		const alive = await Promise.all(made.map(async (s) => !!(await sessions.resolve(s.token))));
		expect(alive).toEqual([false, false, true, true, true]);
		expect(await sessions.resolve(other.token)).not.toBeNull();
		expect(await count(db, 'u:nguyenthilan:')).toBe(3);
		expect(await count(db, 'session:')).toBe(4);

		expect(await sessions.revokeAll('nguyenthilan')).toBe(3);
		for (const s of made) expect(await sessions.resolve(s.token)).toBeNull();
		expect(await sessions.resolve(other.token)).not.toBeNull();
		expect(await count(db, 'session:')).toBe(1);

		await sessions.revoke(other.token);
		expect(await sessions.resolve(other.token)).toBeNull();
		expect(await count(db, 'u:')).toBe(0);
	});
});
