import { photoHashSchema } from './dossier';

export { PHOTO_MAX_BYTES } from './dossier';

/**
 * Document photos on the server: one per-commune database of attachments, outside the
 * replicated collections (RxDB's replication carries no attachments), each photo a document
 * `{dossier}:{hash}` so it is scoped exactly like its dossier.
 */

export const PHOTO_CONTENT_TYPE = 'image/jpeg';
export const PHOTO_ATTACHMENT = 'photo.jpg';

export const photosDbName = (commune: string) => `c${commune}_photos`;
export const photoDocId = (dossierId: string, hash: string) => `${dossierId}:${hash}`;

export const isPhotoHash = (v: unknown): v is string => photoHashSchema.safeParse(v).success;

/** A JPEG starts with SOI and a marker segment (FF D8 FF). */
export function looksLikeJpeg(bytes: ArrayLike<number>): boolean {
	return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Every photo a dossier names: its papers' photos and the hashes in its answers. Answers are
 * checked against the form on write, so a bare hash there is a photo question's value; a text
 * answer that happens to look like one only lets this dossier's own writers attach a photo.
 */
export function dossierPhotoHashes(d: {
	documents: readonly { photos: readonly { hash: string }[] }[];
	answers: unknown;
}): Set<string> {
	const out = new Set<string>();
	for (const e of d.documents) for (const p of e.photos) out.add(p.hash);
	const stack: unknown[] = [d.answers];
	let seen = 0;
	while (stack.length && seen++ < 10_000) {
		const v = stack.pop();
		if (isPhotoHash(v)) out.add(v);
		else if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
	}
	return out;
}

/** The record a photo belongs to: a dossier's papers, or the front of an address point. */
export interface PhotoParent {
	kind: 'dossier' | 'point';
	id: string;
}
export const photoParentCollection = { dossier: 'dossiers', point: 'addresses' } as const;
