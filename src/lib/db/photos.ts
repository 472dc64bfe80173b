import { PHOTO_MAX_BYTES } from '$domain/dossier';
import type { AppDatabase } from './database';
import { isQuotaError, StorageFullError } from './errors';
import { openLocal, sealLocal } from './local';

/**
 * Document photos kept on the device until they reach the server: one local
 * document per photo, by content hash, sealed with the data key like drafts
 * (local documents are not covered by the encryption plugin).
 */
const key = (hash: string) => `photo-${hash}`;
const MAX_BYTES = PHOTO_MAX_BYTES;

interface StoredPhoto {
	jpeg: string;
	thumbnail: string;
}

async function toBase64(blob: Blob): Promise<string> {
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(s);
}

function fromBase64(text: string): Blob {
	const bin = atob(text);
	const bytes = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
	return new Blob([bytes], { type: 'image/jpeg' });
}

export async function keepPhoto(
	db: AppDatabase,
	photo: { hash: string; jpeg: Blob; thumbnail: Blob }
): Promise<void> {
	if (!/^[0-9a-f]{64}$/.test(photo.hash)) throw new RangeError('photo hash');
	if (photo.jpeg.size > MAX_BYTES || photo.thumbnail.size > MAX_BYTES)
		throw new RangeError('photo size');
	const stored: StoredPhoto = {
		jpeg: sealLocal(db, await toBase64(photo.jpeg)),
		thumbnail: sealLocal(db, await toBase64(photo.thumbnail))
	};
	try {
		await db.upsertLocal(key(photo.hash), stored);
	} catch (err) {
		if (isQuotaError(err)) throw new StorageFullError(err);
		throw err;
	}
}

/** The photo or its thumbnail, or null when this device does not hold it. */
export async function readPhoto(
	db: AppDatabase,
	hash: string,
	which: 'jpeg' | 'thumbnail'
): Promise<Blob | null> {
	const doc = await db.getLocal<StoredPhoto>(key(hash));
	if (!doc) return null;
	try {
		return fromBase64(openLocal<string>(db, doc.toJSON().data[which]));
	} catch {
		return null;
	}
}

export async function removePhoto(db: AppDatabase, hash: string): Promise<void> {
	const doc = await db.getLocal(key(hash));
	if (doc) await doc.remove();
}
