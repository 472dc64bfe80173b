import { randomBytes } from 'node:crypto';
import { matchesAudit, type AuditFilter } from '../../../src/lib/domain/index.ts';
import type { DocDb } from '../storage/index.ts';
import { badRequest } from './errors.ts';

/** One stored revision: who wrote which document of which collection, when (server time). */
export interface AuditEntry {
	commune: string;
	collection: string;
	docId: string;
	rev: string;
	action: 'create' | 'update' | 'delete';
	by: string;
	at: string;
}

/** What people did outside the replication protocol: administration and sensitive lookups. */
export type AuditEventAction =
	| 'units.import'
	| 'commune.add'
	| 'commune.feeAccount'
	| 'hamlet.add'
	| 'hamlet.update'
	| 'hamlet.rename'
	| 'hamlet.merge'
	| 'hamlet.retire'
	| 'user.add'
	| 'user.password'
	| 'user.disable'
	| 'user.enable'
	| 'user.hamlets'
	| 'duplicates.lookup'
	| 'photo.upload'
	| 'calendar.import'
	| 'handover.import'
	| 'rights.request'
	| 'rights.close'
	| 'rights.export'
	| 'rights.erase';

export interface AuditEvent {
	/** Null for server-wide actions (the unit catalogue, admin accounts). */
	commune: string | null;
	action: AuditEventAction;
	by: string;
	at: string;
	/** What the action was about: a username, hamlet id or commune code. */
	subject?: string;
	/** Never a password or a resident's data. */
	details?: Record<string, string | number | boolean | null | string[]>;
}

export type AuditListEntry = ({ kind: 'write' } & AuditEntry) | ({ kind: 'event' } & AuditEvent);

interface AuditBatch {
	commune: string;
	collection: string;
	by: string;
	at: string;
	writes: { docId: string; rev: string; action: AuditEntry['action'] }[];
}

/** The log of what has no commune; never a commune code (those are digits). */
export const SERVER_SCOPE = 'server';
const ROWS = 50;
/** Log documents one filtered page reads at most; past that it ends early with a cursor. */
const SCAN_DOCS = 5_000;

/**
 * Append-only log of who stored which revision when, and of administrative actions; only the
 * server writes it. One log document per accepted batch keeps a 500-document push to one
 * extra write.
 */
export class Audit {
	constructor(
		private readonly db: DocDb,
		private readonly now: () => Date = () => new Date(),
		/**
		 * Awaited after each logged batch, whose documents are stored by then (the write path logs
		 * after writing), so what follows the write knows before the device hears back.
		 */
		private readonly onWrite: (batch: {
			commune: string;
			collection: string;
		}) => Promise<void> = async () => {}
	) {}

	async append(batch: AuditBatch): Promise<void> {
		if (batch.writes.length === 0) return;
		await this.db.bulkDocs([{ ...batch, _id: this.id(batch.commune, batch.at) }], true);
		await this.onWrite(batch);
	}

	async record(event: Omit<AuditEvent, 'at'> & { at?: string }): Promise<void> {
		const at = event.at ?? this.now().toISOString();
		const scope = event.commune ?? SERVER_SCOPE;
		await this.db.bulkDocs([{ ...event, at, type: 'event', _id: this.id(scope, at) }], true);
	}

	// Ids sort by scope then server time, so one commune's log is one key range.
	private id(scope: string, at: string) {
		return `${scope}:${at}:${randomBytes(6).toString('hex')}`;
	}

	/**
	 * Newest first, `limit` entries from `cursor` (the `next` of the page before). A cursor names
	 * a log document and how many of its entries were already given, so a batch of any size is
	 * paged through, and entries logged meanwhile never shift a page. With filters a page may
	 * hold fewer entries than `limit` and still have a `next`: it stops after `SCAN_DOCS`.
	 */
	async list(
		scope: string,
		opts: { limit: number; cursor?: string; filter?: AuditFilter }
	): Promise<{ entries: AuditListEntry[]; next: string | null }> {
		const filter = opts.filter ?? {};
		const from = opts.cursor === undefined ? null : parseCursor(opts.cursor, scope);
		// Ids start with the server time, so the dates are a key range.
		const top = `${scope}:${filter.until ? `${new Date(filter.until).toISOString()}:` : ''}\uffff`;
		const bottom = `${scope}:${filter.since ? new Date(filter.since).toISOString() : ''}`;
		const entries: AuditListEntry[] = [];
		let startkey = from?.id ?? top;
		let skipRow: string | null = null;
		let scanned = 0;
		for (;;) {
			const limit = ROWS + (skipRow === null ? 0 : 1);
			const res = await this.db.allDocs({ startkey, endkey: bottom, descending: true, limit });
			const rows = res.rows[0]?.key === skipRow ? res.rows.slice(1) : res.rows;
			for (const row of rows) {
				const logged = row.doc ? entriesOf(row.doc) : [];
				const first = row.key === from?.id ? from.skip : 0;
				for (let i = first; i < logged.length; i++) {
					if (!matchesAudit(logged[i], filter)) continue;
					if (entries.length === opts.limit) return { entries, next: cursorOf(row.key, i) };
					entries.push(logged[i]);
				}
				if (++scanned >= SCAN_DOCS) return { entries, next: cursorOf(row.key, logged.length) };
			}
			if (res.rows.length < limit) return { entries, next: null };
			startkey = skipRow = res.rows.at(-1)!.key;
		}
	}
}

/** One log document's entries, newest first. */
function entriesOf(doc: Record<string, unknown>): AuditListEntry[] {
	if (doc.type === 'event') {
		const { _id: _i, _rev: _r, type: _t, ...event } = doc;
		return [{ kind: 'event', ...(event as unknown as AuditEvent) }];
	}
	const b = doc as unknown as AuditBatch;
	if (!Array.isArray(b.writes)) return [];
	return [...b.writes].reverse().map((w) => ({
		kind: 'write' as const,
		commune: b.commune,
		collection: b.collection,
		by: b.by,
		at: b.at,
		...w
	}));
}

const cursorOf = (id: string, skip: number) =>
	Buffer.from(JSON.stringify([id, skip])).toString('base64url');

function parseCursor(cursor: string, scope: string): { id: string; skip: number } {
	let value: unknown;
	try {
		value = /^[A-Za-z0-9_-]{1,400}$/.test(cursor)
			? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
			: null;
	} catch {
		value = null;
	}
	const [id, skip] = Array.isArray(value) ? value : [];
	// A cursor of another log would start this range inside someone else's.
	if (
		typeof id !== 'string' ||
		!id.startsWith(`${scope}:`) ||
		!Number.isSafeInteger(skip) ||
		skip < 0
	)
		throw badRequest('cursor must be the `next` value of an earlier page of this log');
	return { id, skip };
}
