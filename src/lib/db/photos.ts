import {
	dossierPhotoHashes,
	PHOTO_MAX_BYTES,
	type Dossier,
	type PhotoParent
} from '$domain/dossier';
import type { AddressPoint } from '$domain/address';
import { base64ToBytes, bytesToBase64 } from '$domain/bytes';
import type { Bilingual } from '$domain/rules';
import type { AppDatabase } from './database';
import { isQuotaError, StorageFullError } from './errors';
import { openLocal, sealLocal } from './local';

/**
 * Document photos kept on the device: one local document per photo, by content hash, sealed
 * with the data key like drafts (local documents are not covered by the encryption plugin).
 * It also keeps the upload's outcome, so a photo the server confirmed is never sent again and
 * its full copy may be dropped (the thumbnail stays).
 */
const key = (hash: string) => `photo-${hash}`;

interface StoredPhoto {
	/** Null once freed after the server confirmed it. */
	jpeg: string | null;
	thumbnail: string;
	uploadedAt?: string | null;
	refused?: Bilingual | null;
}

/** What this device holds of one photo and what became of its upload. */
export interface HeldPhoto {
	hasJpeg: boolean;
	uploadedAt: string | null;
	refused: Bilingual | null;
}

const toBase64 = async (blob: Blob) => bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
const fromBase64 = (text: string) => new Blob([base64ToBytes(text)], { type: 'image/jpeg' });

async function write(db: AppDatabase, hash: string, stored: StoredPhoto): Promise<void> {
	try {
		await db.upsertLocal(key(hash), stored);
	} catch (err) {
		if (isQuotaError(err)) throw new StorageFullError(err);
		throw err;
	}
}

async function stored(db: AppDatabase, hash: string): Promise<StoredPhoto | null> {
	const doc = await db.getLocal<StoredPhoto>(key(hash));
	return doc ? doc.toJSON().data : null;
}

export async function keepPhoto(
	db: AppDatabase,
	photo: { hash: string; jpeg: Blob; thumbnail: Blob }
): Promise<void> {
	if (!/^[0-9a-f]{64}$/.test(photo.hash)) throw new RangeError('photo hash');
	if (photo.jpeg.size > PHOTO_MAX_BYTES || photo.thumbnail.size > PHOTO_MAX_BYTES)
		throw new RangeError('photo size');
	const before = await stored(db, photo.hash);
	await write(db, photo.hash, {
		jpeg: sealLocal(db, await toBase64(photo.jpeg)),
		thumbnail: sealLocal(db, await toBase64(photo.thumbnail)),
		// The same bytes taken again are the same photo: what the server confirmed still holds.
		uploadedAt: before?.uploadedAt ?? null,
		refused: null
	});
}

/** The photo or its thumbnail, or null when this device does not hold it. */
export async function readPhoto(
	db: AppDatabase,
	hash: string,
	which: 'jpeg' | 'thumbnail'
): Promise<Blob | null> {
	const data = await stored(db, hash);
	const sealed = data?.[which];
	if (!sealed) return null;
	try {
		return fromBase64(openLocal<string>(db, sealed));
	} catch {
		return null;
	}
}

export async function removePhoto(db: AppDatabase, hash: string): Promise<void> {
	const doc = await db.getLocal(key(hash));
	if (doc) await doc.remove();
}

export async function heldPhoto(db: AppDatabase, hash: string): Promise<HeldPhoto | null> {
	const data = await stored(db, hash);
	if (!data) return null;
	return {
		hasJpeg: data.jpeg !== null,
		uploadedAt: data.uploadedAt ?? null,
		refused: data.refused ?? null
	};
}

/** Records the upload's outcome: confirmed by the server at `uploadedAt`, or refused and why. */
export async function markPhoto(
	db: AppDatabase,
	hash: string,
	outcome: { uploadedAt: string } | { refused: Bilingual | null }
): Promise<void> {
	const data = await stored(db, hash);
	if (!data) return;
	await write(db, hash, {
		...data,
		...('uploadedAt' in outcome
			? { uploadedAt: outcome.uploadedAt, refused: null }
			: { refused: outcome.refused })
	});
}

/** Drops the full copy of a photo the server holds; the thumbnail stays. */
export async function freePhotoCopy(db: AppDatabase, hash: string): Promise<boolean> {
	const data = await stored(db, hash);
	if (!data?.uploadedAt || data.jpeg === null) return false;
	await write(db, hash, { ...data, jpeg: null });
	return true;
}

/** Each dossier and address point on this device with the photos it names. */
export async function recordPhotos(
	db: AppDatabase
): Promise<{ parent: PhotoParent; hashes: string[] }[]> {
	const dossiers = await db.collections.dossiers.find().exec();
	const points = await db.collections.addresses
		.find({ selector: { photoHash: { $ne: null } } })
		.exec();
	return [
		...dossiers.map((d) => {
			const dossier = d.toMutableJSON() as Dossier;
			return {
				parent: { kind: 'dossier' as const, id: dossier.id },
				hashes: [...dossierPhotoHashes(dossier)]
			};
		}),
		...points.flatMap((d) => {
			const p = d.toMutableJSON() as AddressPoint;
			return p.photoHash
				? [{ parent: { kind: 'point' as const, id: p.id }, hashes: [p.photoHash] }]
				: [];
		})
	];
}
