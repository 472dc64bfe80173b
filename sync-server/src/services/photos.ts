import { createHash } from 'node:crypto';
import {
	PHOTO_ATTACHMENT,
	PHOTO_CONTENT_TYPE,
	PHOTO_MAX_BYTES,
	documentEntrySchema,
	dossierPhotoHashes,
	looksLikeJpeg,
	photoDocId,
	photoParentCollection,
	photosDbName,
	type PhotoParent
} from '../../../src/lib/domain/dossier/index.ts';
import {
	canRead,
	canWrite,
	collections,
	encodeReason,
	remoteDbName,
	ruleTexts,
	type Actor,
	type RuleKey,
	type ScopedDoc
} from '../../../src/lib/domain/index.ts';
import { z } from 'zod';
import { isStorageError, type CouchDoc, type Storage } from '../storage/index.ts';
import type { Audit } from './audit.ts';
import { CouchError } from './errors.ts';

/**
 * Document photos as attachments of the commune's photos database (CouchDB holds them in the
 * scale-out mode). A photo is reachable only through a dossier that names it, by whoever may
 * read (download) or write (upload) that dossier; the id is `{dossier}:{sha256}`, so a resend
 * of the same bytes is the same document and never a second copy.
 */

const photosOf = z.object({ documents: z.array(documentEntrySchema), answers: z.unknown() });

/** The photos a stored record names: a dossier's papers and answers, or a point's front. */
function namedBy(parent: PhotoParent, doc: Record<string, unknown>): Set<string> {
	if (parent.kind === 'point') {
		return new Set(typeof doc.photoHash === 'string' ? [doc.photoHash] : []);
	}
	const parsed = photosOf.safeParse(doc);
	return parsed.success ? dossierPhotoHashes(parsed.data) : new Set();
}

function refuse(status: number, rule: RuleKey): never {
	throw new CouchError(
		status,
		'forbidden',
		encodeReason([{ path: 'photo', rule, message: ruleTexts[rule] }])
	);
}

export interface StoredPhoto {
	data: Buffer;
	digest: string;
}

/** A photo as the commune's photos database holds it (also what the demo seed writes). */
export function photoDoc(
	parent: PhotoParent,
	hash: string,
	data: Buffer,
	by: string,
	at: string
): CouchDoc {
	return {
		_id: photoDocId(parent.id, hash),
		[parent.kind]: parent.id,
		hash,
		bytes: data.length,
		uploadedBy: by,
		uploadedAt: at,
		_attachments: {
			[PHOTO_ATTACHMENT]: { content_type: PHOTO_CONTENT_TYPE, data: data.toString('base64') }
		}
	};
}

export class Photos {
	constructor(
		private readonly storage: Storage,
		private readonly audit: Audit,
		private readonly now: () => Date
	) {}

	/** The record as stored, when the actor may see it and it names the photo; 404 otherwise. */
	private async parent(actor: Actor, commune: string, parent: PhotoParent, hash: string) {
		const spec = collections[photoParentCollection[parent.kind]];
		const current = await this.storage
			.db(remoteDbName(commune, photoParentCollection[parent.kind]))
			.getCurrent(parent.id);
		if (!current || current._deleted || !canRead(actor, current as ScopedDoc, spec)) {
			refuse(404, 'photo.dossier');
		}
		if (!namedBy(parent, current).has(hash)) refuse(409, 'photo.unreferenced');
		return { current, spec };
	}

	/** Stores the photo once; `created` is false when these bytes were already there. */
	async put(
		actor: Actor,
		commune: string,
		parent: PhotoParent,
		hash: string,
		contentType: string,
		data: Buffer
	): Promise<{ created: boolean }> {
		if (contentType.split(';')[0].trim().toLowerCase() !== PHOTO_CONTENT_TYPE) {
			refuse(415, 'photo.type');
		}
		if (data.length > PHOTO_MAX_BYTES) refuse(413, 'photo.size');
		if (!looksLikeJpeg(data)) refuse(415, 'photo.type');
		if (createHash('sha256').update(new Uint8Array(data)).digest('hex') !== hash)
			refuse(400, 'photo.hash');
		const { current, spec } = await this.parent(actor, commune, parent, hash);
		const decision = canWrite(
			actor,
			current as ScopedDoc,
			{ ...current, updatedBy: actor.username } as ScopedDoc,
			spec
		);
		if (!decision.ok) throw new CouchError(403, 'forbidden', encodeReason([decision.issue]));

		const db = this.storage.db(photosDbName(commune));
		if (await db.getOrNull(photoDocId(parent.id, hash))) return { created: false };
		const at = this.now().toISOString();
		const doc = photoDoc(parent, hash, data, actor.username, at);
		try {
			await db.put(doc);
		} catch (err) {
			// The same photo from a retry that crossed this one: it is stored, once.
			if (isStorageError(err) && err.status === 409) return { created: false };
			throw err;
		}
		await this.audit.record({
			commune,
			action: 'photo.upload',
			by: actor.username,
			at,
			details: { [parent.kind]: parent.id, hash, bytes: data.length }
		});
		return { created: true };
	}

	async get(
		actor: Actor,
		commune: string,
		parent: PhotoParent,
		hash: string
	): Promise<StoredPhoto> {
		await this.parent(actor, commune, parent, hash);
		const att = await this.storage
			.db(photosDbName(commune))
			.getAttachment(photoDocId(parent.id, hash), PHOTO_ATTACHMENT);
		if (!att) throw new CouchError(404, 'not_found', 'the photo has not reached the server');
		return { data: att.data, digest: att.digest };
	}
}
