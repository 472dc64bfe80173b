/**
 * The commune's map pack and boundary kept on the device (Cache API, counted
 * in the storage meter), so the Addresses screen draws the map and checks
 * points with no network. The pack downloads in ranges: a broken connection
 * resumes from the last range received, and an ETag tells when it is stale.
 */

const CACHE = 'tramso-maps-v1';
/** One range per request: small enough that a drop loses little, large enough to go fast. */
export const CHUNK_BYTES = 512 * 1024;

const packKey = (commune: string) => `/offline-maps/${commune}/pack`;
const boundaryKey = (commune: string) => `/offline-maps/${commune}/boundary`;

export interface StoredPack {
	blob: Blob;
	etag: string | null;
	bytes: number;
}

export interface RemotePack {
	bytes: number;
	etag: string | null;
}

function cache(): Promise<Cache> | null {
	return typeof caches === 'undefined' ? null : caches.open(CACHE);
}

export async function storedPack(commune: string): Promise<StoredPack | null> {
	const res = await (await cache())?.match(packKey(commune));
	if (!res) return null;
	const blob = await res.blob();
	return { blob, etag: res.headers.get('etag'), bytes: blob.size };
}

/** Size and version of the server's pack; null when it has none or cannot be reached. */
export async function remotePack(commune: string, token: string): Promise<RemotePack | null> {
	const res = await fetch(`/api/maps/${commune}`, {
		method: 'HEAD',
		headers: { authorization: `Bearer ${token}` }
	}).catch(() => null);
	if (!res?.ok) return null;
	const bytes = Number(res.headers.get('content-length'));
	return Number.isFinite(bytes) ? { bytes, etag: res.headers.get('etag') } : null;
}

/** A download in progress: the ranges received so far, kept to resume after a drop. */
export interface PackDownload {
	commune: string;
	etag: string | null;
	bytes: number;
	chunks: Blob[];
	received: number;
}

export function newDownload(commune: string, remote: RemotePack): PackDownload {
	return { commune, etag: remote.etag, bytes: remote.bytes, chunks: [], received: 0 };
}

/**
 * Fetches the missing ranges of `dl` and stores the whole pack. A dropped
 * connection throws with `dl` holding what arrived; calling again resumes.
 * A pack replaced on the server meanwhile (If-Range fails) starts over.
 */
export async function continueDownload(
	dl: PackDownload,
	token: string,
	onProgress: (received: number, total: number) => void
): Promise<StoredPack> {
	while (dl.received < dl.bytes) {
		const end = Math.min(dl.received + CHUNK_BYTES, dl.bytes) - 1;
		const headers: Record<string, string> = {
			authorization: `Bearer ${token}`,
			range: `bytes=${dl.received}-${end}`
		};
		if (dl.etag) headers['if-range'] = dl.etag;
		const res = await fetch(`/api/maps/${dl.commune}`, { headers });
		if (res.status === 200) {
			// The pack changed: the server sent the new one whole.
			const blob = await res.blob();
			dl.chunks = [blob];
			dl.received = dl.bytes = blob.size;
			dl.etag = res.headers.get('etag');
			break;
		}
		if (res.status !== 206) throw new Error(`map pack: HTTP ${res.status}`);
		const part = await res.blob();
		dl.chunks.push(part);
		dl.received += part.size;
		onProgress(dl.received, dl.bytes);
	}
	const blob = new Blob(dl.chunks, { type: 'application/vnd.pmtiles' });
	const c = await cache();
	if (!c) throw new Error('this browser cannot store the map');
	const headers: Record<string, string> = { 'content-type': 'application/vnd.pmtiles' };
	if (dl.etag) headers.etag = dl.etag;
	await c.put(packKey(dl.commune), new Response(blob, { headers }));
	onProgress(blob.size, blob.size);
	return { blob, etag: dl.etag, bytes: blob.size };
}

export async function removePack(commune: string): Promise<void> {
	await (await cache())?.delete(packKey(commune));
}

/**
 * The commune's boundary: fetched when online and kept, so the outside-the-
 * commune check works offline; the stored copy when the network is not there.
 */
export async function communeBoundary(
	commune: string,
	token: string | null,
	online: boolean
): Promise<unknown> {
	const c = await cache();
	if (online && token) {
		const res = await fetch(`/api/maps/${commune}/boundary`, {
			headers: { authorization: `Bearer ${token}` }
		}).catch(() => null);
		if (res?.ok) {
			const text = await res.text();
			await c?.put(boundaryKey(commune), new Response(text));
			return JSON.parse(text) as unknown;
		}
	}
	const stored = await c?.match(boundaryKey(commune));
	return stored ? ((await stored.json()) as unknown) : null;
}
