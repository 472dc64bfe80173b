import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { DocDb } from '../storage/index.ts';

const CACHE_MS = 5_000;

export interface SessionRecord {
	username: string;
	expiresAt: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Bearer tokens; only their SHA-256 is stored, so a copy of the database yields no tokens. */
export class Sessions {
	private cache = new Map<string, { session: SessionRecord | null; at: number }>();

	constructor(
		private readonly db: DocDb,
		private readonly now: () => Date,
		private readonly ttlMs: number
	) {}

	async create(username: string): Promise<{ token: string; expiresAt: string }> {
		const token = randomBytes(32).toString('base64url');
		const expiresAt = new Date(this.now().getTime() + this.ttlMs).toISOString();
		await this.db.put({ _id: `session:${hashToken(token)}`, username, expiresAt });
		return { token, expiresAt };
	}

	async resolve(token: string): Promise<SessionRecord | null> {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
		const id = `session:${hashToken(token)}`;
		const hit = this.cache.get(id);
		let session: SessionRecord | null;
		if (hit && Date.now() - hit.at < CACHE_MS) session = hit.session;
		else {
			const doc = await this.db.getOrNull(id);
			session = doc ? { username: String(doc.username), expiresAt: String(doc.expiresAt) } : null;
			if (this.cache.size > 50_000) this.cache.clear();
			this.cache.set(id, { session, at: Date.now() });
		}
		if (!session || session.expiresAt <= this.now().toISOString()) return null;
		return session;
	}

	/** Deletes sessions past their expiry; returns how many. Run at start and then periodically. */
	async purgeExpired(): Promise<number> {
		const now = this.now().toISOString();
		const res = await this.db.allDocs({ startkey: 'session:', endkey: 'session:\uffff' });
		const expired = res.rows
			.map((r) => r.doc)
			.filter((d): d is NonNullable<typeof d> => !!d && String(d.expiresAt) <= now);
		if (expired.length === 0) return 0;
		await this.db.bulkDocs(
			expired.map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true })),
			true
		);
		for (const d of expired) this.cache.delete(d._id);
		return expired.length;
	}

	async revoke(token: string): Promise<void> {
		const id = `session:${hashToken(token)}`;
		this.cache.delete(id);
		const doc = await this.db.getOrNull(id);
		if (doc) await this.db.put({ ...doc, _deleted: true });
	}
}

/**
 * The key a device wraps its data key with, so that an online login recovers local data after
 * too many wrong PINs; a device never stores it.
 */
export function deviceKey(secret: Uint8Array, username: string): string {
	return createHmac('sha256', secret).update(`device-key:${username}`).digest('base64');
}
