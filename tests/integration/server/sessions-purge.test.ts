import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sessions } from '../../../sync-server/src/services/sessions.ts';
import { openStorage } from '../../../sync-server/src/storage/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tramso-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expired sessions', () => {
	it('are deleted from the store, and only they', async () => {
		const storage = await openStorage({ dataDir: dir });
		try {
			const db = await storage.internalDb('tramso_sessions');
			let now = new Date('2026-11-01T00:00:00Z');
			const sessions = new Sessions(db, () => now, 3600_000);
			const old = await sessions.create('nguyenthilan');
			now = new Date('2026-11-01T00:30:00Z');
			const fresh = await sessions.create('levanhung');
			now = new Date('2026-11-01T01:10:00Z');

			expect(await sessions.purgeExpired()).toBe(1);
			expect(await sessions.resolve(old.token)).toBeNull();
			expect(await sessions.resolve(fresh.token)).toEqual({
				username: 'levanhung',
				expiresAt: fresh.expiresAt
			});
			const left = await db.allDocs({ startkey: 'session:', endkey: 'session:\uffff' });
			expect(left.rows).toHaveLength(1);
			expect(await sessions.purgeExpired()).toBe(0);
		} finally {
			await storage.close();
		}
	});
});
