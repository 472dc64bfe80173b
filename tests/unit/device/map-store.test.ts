import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, continueDownload, newDownload, storedPack } from '$lib/device/map-store';

/** The Cache API as the browser gives it, in memory. */
function memoryCaches() {
	const stores = new Map<string, Map<string, Response>>();
	return {
		async open(name: string) {
			const m = stores.get(name) ?? new Map<string, Response>();
			stores.set(name, m);
			return {
				match: async (key: string) => m.get(key)?.clone(),
				put: async (key: string, res: Response) => void m.set(key, res),
				delete: async (key: string) => m.delete(key)
			};
		}
	};
}

/** The server's pack endpoint: ranges with If-Range, and a connection that drops on request `dropAt`. */
function packServer(pack: Uint8Array, etag: string, dropAt = -1) {
	const seen: { range: string | null; ifRange: string | null }[] = [];
	return {
		seen,
		fetch: async (_url: string, init: { headers: Record<string, string> }) => {
			const range = init.headers.range ?? null;
			const ifRange = init.headers['if-range'] ?? null;
			seen.push({ range, ifRange });
			if (seen.length - 1 === dropAt) throw new TypeError('Failed to fetch');
			if (ifRange && ifRange !== etag) {
				return new Response(pack.slice(), { status: 200, headers: { etag } });
			}
			const [, a, b] = /bytes=(\d+)-(\d+)/.exec(range ?? '')!;
			return new Response(pack.slice(Number(a), Number(b) + 1), { status: 206, headers: { etag } });
		}
	};
}

/** Byte-equal, without a deep comparison of a megabyte element by element. */
const same = async (blob: Blob, pack: Uint8Array) =>
	Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(pack));
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31) % 251);

afterEach(() => vi.unstubAllGlobals());

describe('map pack download', () => {
	it('fetches the pack in ranges, resumes after a dropped connection and stores it whole', async () => {
		vi.stubGlobal('caches', memoryCaches());
		const pack = bytes(CHUNK_BYTES * 2 + 1000);
		const server = packServer(pack, '"v1"', 1);
		vi.stubGlobal('fetch', server.fetch);
		const dl = newDownload('25657', { bytes: pack.length, etag: '"v1"' });
		const progress: number[] = [];
		await expect(continueDownload(dl, 't', (r) => progress.push(r))).rejects.toThrow();
		expect(dl.received).toBe(CHUNK_BYTES);
		const stored = await continueDownload(dl, 't', (r) => progress.push(r));
		expect(server.seen.map((s) => s.range)).toEqual([
			`bytes=0-${CHUNK_BYTES - 1}`,
			`bytes=${CHUNK_BYTES}-${2 * CHUNK_BYTES - 1}`,
			`bytes=${CHUNK_BYTES}-${2 * CHUNK_BYTES - 1}`,
			`bytes=${2 * CHUNK_BYTES}-${pack.length - 1}`
		]);
		expect(server.seen.every((s) => s.ifRange === '"v1"')).toBe(true);
		expect(progress.at(-1)).toBe(pack.length);
		expect(await same(stored.blob, pack)).toBe(true);
		const again = await storedPack('25657');
		expect(again?.etag).toBe('"v1"');
		expect(await same(again!.blob, pack)).toBe(true);
	});

	it('starts over when the pack changed on the server between two ranges', async () => {
		vi.stubGlobal('caches', memoryCaches());
		const newer = bytes(CHUNK_BYTES + 10).map((b) => 255 - b);
		vi.stubGlobal('fetch', packServer(newer, '"v2"').fetch);
		const dl = newDownload('25657', { bytes: CHUNK_BYTES * 3, etag: '"v1"' });
		dl.chunks = [new Blob([bytes(CHUNK_BYTES)])];
		dl.received = CHUNK_BYTES;
		const stored = await continueDownload(dl, 't', () => undefined);
		expect(stored.etag).toBe('"v2"');
		expect(await same(stored.blob, newer)).toBe(true);
	});
});
