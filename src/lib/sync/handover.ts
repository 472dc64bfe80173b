import { tombstoneOf } from '$domain/envelope';
import {
	HANDOVER_MAX_PHOTOS,
	newRevisionHash,
	sealHandover,
	type HandoverPayload
} from '$domain/handover';
import { bytesToBase64, randomHex } from '$domain/bytes';
import { isPushOnly } from '$domain/wire';
import {
	editsSince,
	heldPhoto,
	readLocal,
	readPhoto,
	recordPhotos,
	specOf,
	updateLocal,
	type AppDatabase,
	type LocalEdit,
	type PushCheckpoint
} from '$lib/db';

/**
 * Revisions handed over in a file, by collection and id: `local` is the device's revision that
 * was exported as server revision `server`. The next push asks the server whether it holds
 * `server` and, if so, settles the record without sending it.
 */
export type HandedOver = Record<string, Record<string, { local: string; server: string }>>;
const KEY = 'handover-sent';

export const readHandedOver = (db: AppDatabase) => readLocal<HandedOver>(db, KEY, {});

/** The server revision each edit was handed over as, if it is still that local version. */
export async function handedOverRevs(
	db: AppDatabase,
	collection: string,
	edits: LocalEdit[]
): Promise<Map<string, string>> {
	const sent = (await readHandedOver(db))[collection] ?? {};
	const out = new Map<string, string>();
	for (const e of edits) {
		const h = sent[e.id];
		if (h && h.local === e.plain._rev) out.set(e.id, h.server);
	}
	return out;
}

/** Forgets handed-over entries the device has settled (or that a later edit replaced). */
export function forgetHandedOver(db: AppDatabase, collection: string, ids: string[]) {
	if (ids.length === 0) return Promise.resolve();
	return updateLocal<HandedOver>(db, KEY, {}, (all) => {
		const c = { ...all[collection] };
		for (const id of ids) delete c[id];
		return { ...all, [collection]: c };
	});
}

export interface HandoverExport {
	text: string;
	fileId: string;
	records: number;
	photos: number;
}

/**
 * Everything this device has not sent yet, as a handover file. Each record goes as the
 * revision a push would have made on its server base; an unchanged record exported again
 * keeps the revision of the first export, so the server sees it as already there.
 */
export async function exportHandover(
	db: AppDatabase,
	o: {
		author: string;
		commune: string;
		signer: { key: CryptoKey; serverKey: string; deviceId: string };
		now: string;
	}
): Promise<HandoverExport> {
	const before = await readHandedOver(db);
	const next: HandedOver = {};
	const records: HandoverPayload['records'] = [];
	for (const name of Object.keys(db.collections)) {
		if (isPushOnly(specOf(db, name))) continue;
		let cursor: PushCheckpoint | null = null;
		for (;;) {
			const page = await editsSince(db, name, cursor, 500);
			cursor = page.next;
			for (const edit of page.edits) {
				// A deletion of a record the server never had: nothing to hand over.
				if (edit.record._deleted && !edit.serverRev) continue;
				const local = edit.plain._rev;
				const prior = before[name]?.[edit.id];
				const server =
					prior?.local === local ? prior.server : revisionOn(edit.serverRev, newRevisionHash());
				(next[name] ??= {})[edit.id] = { local, server };
				records.push({ collection: name, doc: couchDoc(edit, server, o.author, o.now) });
			}
			if (page.scanned < 500) break;
		}
	}
	const photos: HandoverPayload['photos'] = [];
	for (const { parent, hashes } of await recordPhotos(db)) {
		for (const hash of hashes) {
			if (photos.length >= HANDOVER_MAX_PHOTOS) break;
			const held = await heldPhoto(db, hash);
			if (!held || held.uploadedAt || held.refused) continue;
			const jpeg = await readPhoto(db, hash, 'jpeg');
			if (!jpeg) continue;
			const data = bytesToBase64(new Uint8Array(await jpeg.arrayBuffer()));
			photos.push({ hash, parent, data });
		}
	}
	const fileId = randomHex(16);
	const text = await sealHandover(
		{
			fileId,
			commune: o.commune,
			author: o.author,
			deviceId: o.signer.deviceId,
			createdAt: o.now
		},
		{ records, photos },
		o.signer.serverKey,
		o.signer.key
	);
	// Entries of earlier files stay: the file the office imports may be an older one.
	await updateLocal<HandedOver>(db, KEY, {}, (all) => {
		const merged: HandedOver = { ...all };
		for (const [c, ids] of Object.entries(next)) merged[c] = { ...merged[c], ...ids };
		return merged;
	});
	return { text, fileId, records: records.length, photos: photos.length };
}

/** The revision a push would have made on `base`: one generation more, with its history. */
function revisionOn(base: string | undefined, hash: string): string {
	const gen = base ? Number(base.split('-')[0]) + 1 : 1;
	return `${gen}-${hash}`;
}

function couchDoc(edit: LocalEdit, rev: string, author: string, now: string) {
	const [gen, hash] = rev.split('-');
	const base = edit.serverRev?.split('-')[1];
	const revisions = { start: Number(gen), ids: base ? [hash, base] : [hash] };
	if (edit.record._deleted) {
		const { id, ...tombstone } = tombstoneOf(edit.id, author, now);
		return { _id: id, ...tombstone, _rev: rev, _revisions: revisions };
	}
	const { _deleted: _d, ...fields } = edit.record;
	return { ...fields, _id: edit.id, _rev: rev, _revisions: revisions };
}
