import { describe, expect, it } from 'vitest';
import { tempStorage } from '../helpers/storage';

/** The shared `_changes` page cache must never answer with a page from before a write it saw. */
const storage = tempStorage('pages');

describe('the changes page cache', () => {
	it('shows a write to the next identical read as soon as the write has returned', async () => {
		await storage().createDb('c00001_pages');
		const db = storage().db('c00001_pages');
		for (let i = 0; i < 20; i++) {
			const before = await db.changes({ since: 0, limit: 100 });
			expect(before.results).toHaveLength(i);
			if (i % 2) await db.bulkDocs([{ _id: `d${i}` }], true);
			else await db.put({ _id: `d${i}` });
			const after = await db.changes({ since: 0, limit: 100 });
			expect(after.results.map((r) => r.id)).toContain(`d${i}`);
		}
	});
});
