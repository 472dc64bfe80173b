import { FetchSource, PMTiles, type RangeResponse, type Source } from 'pmtiles';

/**
 * Where a map pack is read from: the server (range requests, with the
 * session's token) or a Blob the device stored in IndexedDB or the Cache API,
 * read with no network at all.
 */
export type PackInput =
	{ kind: 'url'; url: string; token?: string } | { kind: 'blob'; blob: Blob; key: string };

/** A PMTiles source over a Blob: each read is a `slice`, so a 50 MB pack is never in memory whole. */
export class BlobSource implements Source {
	constructor(
		private readonly blob: Blob,
		private readonly key: string
	) {}

	getKey(): string {
		return this.key;
	}

	async getBytes(offset: number, length: number): Promise<RangeResponse> {
		const data = await this.blob.slice(offset, offset + length).arrayBuffer();
		return { data };
	}
}

export function openPack(input: PackInput): PMTiles {
	if (input.kind === 'blob') return new PMTiles(new BlobSource(input.blob, input.key));
	const headers = new Headers();
	if (input.token) headers.set('authorization', `Bearer ${input.token}`);
	return new PMTiles(new FetchSource(input.url, headers));
}

const OSM_LINK =
	'<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap contributors</a>';

/**
 * The attribution the pack carries, as safe HTML for Leaflet's control: its
 * text only (a pack is a file an admin imported, its metadata is not trusted
 * markup), with the link to OpenStreetMap's licence that the ODbL asks for.
 */
export async function packAttribution(pack: PMTiles): Promise<string> {
	const meta = (await pack.getMetadata().catch(() => null)) as { attribution?: unknown } | null;
	const raw = typeof meta?.attribution === 'string' ? meta.attribution : '';
	const text = (new DOMParser().parseFromString(raw, 'text/html').body.textContent ?? '').trim();
	if (text === '' || /openstreetmap/i.test(text)) return OSM_LINK;
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
