import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { CouchDoc, DocDb } from '../storage/index.ts';

const CACHE_MS = 5_000;

export interface SessionRecord {
	username: string;
	expiresAt: string;
	/** The user's session epoch when it was created; a newer epoch on the user voids it. */
	epoch: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const sessionId = (hash: string) => `session:${hash}`;
/** One per live session, so a user's sessions are one key range, oldest first. */
const indexPrefix = (username: string) => `u:${username}:`;

/**
 * Bearer tokens; only their SHA-256 is stored, so a copy of the database yields no tokens.
 * A user holds at most `maxPerUser` sessions: a new sign-in revokes the oldest beyond that.
 */
export class Sessions {
	private cache = new Map<string, { session: SessionRecord | null; at: number }>();

	constructor(
		private readonly db: DocDb,
		private readonly now: () => Date,
		private readonly ttlMs: number,
		private readonly maxPerUser = 10
	) {}

	async create(user: {
		username: string;
		sessionEpoch?: number;
	}): Promise<{ token: string; expiresAt: string }> {
		const token = randomBytes(32).toString('base64url');
		const hash = hashToken(token);
		const createdAt = this.now().toISOString();
		const expiresAt = new Date(this.now().getTime() + this.ttlMs).toISOString();
		const { username } = user;
		await this.db.bulkDocs(
			[
				{ _id: sessionId(hash), username, createdAt, expiresAt, epoch: user.sessionEpoch ?? 0 },
				{ _id: `${indexPrefix(username)}${createdAt}:${hash}`, expiresAt }
			],
			true
		);
		const live = await this.live(username);
		await this.drop(live.slice(0, Math.max(0, live.length - this.maxPerUser)));
		return { token, expiresAt };
	}

	async resolve(token: string): Promise<SessionRecord | null> {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
		const id = sessionId(hashToken(token));
		const hit = this.cache.get(id);
		let session: SessionRecord | null;
		if (hit && Date.now() - hit.at < CACHE_MS) session = hit.session;
		else {
			const doc = await this.db.getOrNull(id);
			session = doc
				? {
						username: String(doc.username),
						expiresAt: String(doc.expiresAt),
						epoch: typeof doc.epoch === 'number' ? doc.epoch : 0
					}
				: null;
			if (this.cache.size > 50_000) this.cache.clear();
			this.cache.set(id, { session, at: Date.now() });
		}
		if (!session || session.expiresAt <= this.now().toISOString()) return null;
		return session;
	}

	/** Ends every session of `username` (password change, disable); returns how many. */
	async revokeAll(username: string): Promise<number> {
		const all = await this.index(username);
		await this.drop(all);
		return all.length;
	}

	/** Deletes sessions past their expiry; returns how many. Run at start and then periodically. */
	async purgeExpired(): Promise<number> {
		const now = this.now().toISOString();
		const expired = async (prefix: string) =>
			(await this.db.allDocs({ startkey: prefix, endkey: prefix + '\uffff' })).rows
				.map((r) => r.doc)
				.filter((d): d is CouchDoc => !!d && String(d.expiresAt) <= now);
		const sessions = await expired('session:');
		const index = await expired('u:');
		await this.remove([...sessions, ...index]);
		return sessions.length;
	}

	async revoke(token: string): Promise<void> {
		const hash = hashToken(token);
		const doc = await this.db.getOrNull(sessionId(hash));
		if (!doc) return;
		const entry = await this.db.getOrNull(
			`${indexPrefix(String(doc.username))}${String(doc.createdAt)}:${hash}`
		);
		await this.remove(entry ? [doc, entry] : [doc]);
	}

	/** The user's index entries, oldest first. */
	private async index(username: string): Promise<CouchDoc[]> {
		const prefix = indexPrefix(username);
		const res = await this.db.allDocs({ startkey: prefix, endkey: prefix + '\uffff' });
		return res.rows.flatMap((r) => (r.doc ? [r.doc] : []));
	}

	private async live(username: string): Promise<CouchDoc[]> {
		const now = this.now().toISOString();
		return (await this.index(username)).filter((d) => String(d.expiresAt) > now);
	}

	/** Removes index entries and the sessions they name. */
	private async drop(entries: CouchDoc[]): Promise<void> {
		if (entries.length === 0) return;
		const ids = entries.map((e) => sessionId(e._id.slice(e._id.lastIndexOf(':') + 1)));
		const sessions = await Promise.all(ids.map((id) => this.db.getOrNull(id)));
		await this.remove([...entries, ...sessions.filter((d): d is CouchDoc => !!d)]);
	}

	private async remove(docs: CouchDoc[]): Promise<void> {
		if (docs.length === 0) return;
		for (const d of docs) this.cache.delete(d._id);
		await this.db.bulkDocs(
			docs.map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true })),
			true
		);
	}
}

/**
 * The key a device wraps its data key with, so that an online login recovers local data after
 * too many wrong PINs; a device never stores it.
 */
export function deviceKey(secret: Uint8Array, username: string): string {
	return createHmac('sha256', secret).update(`device-key:${username}`).digest('base64');
}

/** A key for another purpose from the same installation secret; never equal to a device key. */
export function derivedKey(secret: Uint8Array, purpose: string): Uint8Array {
	return new Uint8Array(createHmac('sha256', secret).update(`purpose:${purpose}`).digest());
}
