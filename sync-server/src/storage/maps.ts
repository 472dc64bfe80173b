import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';

/** One commune's map pack as the server holds it. */
export interface MapPack {
	commune: string;
	bytes: number;
	/** SHA-256 of the archive (hex): a strong ETag, identical on every gateway. */
	sha256: string;
	updatedAt: string;
	/** `import` (an admin's archive) or `generated` (the demo pack). */
	source: 'import' | 'generated';
}

/**
 * Where packs live: a file per commune in the data directory (embedded), or
 * an attachment in CouchDB (scale-out). Either way `open` hands back a local
 * file holding exactly the pack's bytes, so ranges are served from disk.
 */
export interface MapStore {
	open(commune: string): Promise<{ pack: MapPack; path: string } | null>;
	/** Stores the archive at `file` (complete and checked) as the commune's pack. */
	put(commune: string, file: string, source: MapPack['source']): Promise<MapPack>;
}

const COMMUNE = /^\d{5}$/;

async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Uint8Array);
	return hash.digest('hex');
}

/** The record of the archive at `file` as the commune's pack from now on. */
async function describe(
	commune: string,
	file: string,
	source: MapPack['source']
): Promise<MapPack> {
	if (!COMMUNE.test(commune)) throw new Error(`bad commune code ${commune}`);
	const [digest, info] = await Promise.all([sha256(file), stat(file)]);
	return { commune, bytes: info.size, sha256: digest, updatedAt: new Date().toISOString(), source };
}

function exists(path: string) {
	return stat(path).then(
		() => true,
		() => false
	);
}

/** `maps/<commune>.json` points at `maps/<commune>-<sha256>.pmtiles`; both switch by rename. */
class FileMapStore implements MapStore {
	constructor(readonly dir: string) {}

	private pointer(commune: string) {
		return join(this.dir, `${commune}.json`);
	}

	async open(commune: string) {
		if (!COMMUNE.test(commune)) return null;
		let pack: MapPack;
		try {
			pack = JSON.parse(await readFile(this.pointer(commune), 'utf8')) as MapPack;
		} catch {
			return null;
		}
		const path = join(this.dir, `${commune}-${pack.sha256}.pmtiles`);
		return (await exists(path)) ? { pack, path } : null;
	}

	async put(commune: string, file: string, source: MapPack['source']): Promise<MapPack> {
		const pack = await describe(commune, file, source);
		await mkdir(this.dir, { recursive: true });
		const name = `${commune}-${pack.sha256}.pmtiles`;
		const tmp = join(this.dir, `.${name}.${process.pid}.tmp`);
		await copyFile(file, tmp);
		await rename(tmp, join(this.dir, name));
		const ptmp = `${this.pointer(commune)}.${process.pid}.tmp`;
		await writeFile(ptmp, JSON.stringify(pack));
		await rename(ptmp, this.pointer(commune));
		// Readers that opened the old file keep reading it: unlinking does not cut them off.
		for (const old of await readdir(this.dir)) {
			if (old.startsWith(`${commune}-`) && old.endsWith('.pmtiles') && old !== name) {
				await rm(join(this.dir, old), { force: true });
			}
		}
		return pack;
	}
}

const ATTACHMENT = 'pack.pmtiles';
const META_CACHE_MS = 5000;

/** Packs as attachments of `tramso_maps` in CouchDB, copied once per version to a local cache. */
class CouchMapStore implements MapStore {
	private readonly db: PouchDB.Database;
	private readonly cache: FileMapStore;
	private readonly meta = new Map<string, { pack: MapPack | null; at: number }>();

	constructor(couchdbUrl: string, cacheDir: string) {
		const base = new URL(couchdbUrl.endsWith('/') ? couchdbUrl : couchdbUrl + '/');
		const auth = base.username
			? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) }
			: undefined;
		base.username = '';
		base.password = '';
		this.db = new PouchDB(new URL('tramso_maps', base).href, {
			auth
		} as PouchDB.Configuration.RemoteDatabaseConfiguration);
		this.cache = new FileMapStore(cacheDir);
	}

	private async current(commune: string): Promise<MapPack | null> {
		const hit = this.meta.get(commune);
		if (hit && Date.now() - hit.at < META_CACHE_MS) return hit.pack;
		let pack: MapPack | null = null;
		try {
			const doc = (await this.db.get(commune)) as unknown as { pack: MapPack };
			pack = doc.pack;
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
		}
		if (this.meta.size > 10_000) this.meta.clear();
		this.meta.set(commune, { pack, at: Date.now() });
		return pack;
	}

	async open(commune: string) {
		if (!COMMUNE.test(commune)) return null;
		const pack = await this.current(commune);
		if (!pack) return null;
		const local = await this.cache.open(commune);
		if (local && local.pack.sha256 === pack.sha256) return { pack, path: local.path };
		const data = (await this.db.getAttachment(commune, ATTACHMENT)) as unknown as Uint8Array;
		await mkdir(this.cache.dir, { recursive: true });
		const tmp = join(this.cache.dir, `.${commune}.${process.pid}.download`);
		await writeFile(tmp, data);
		try {
			const cached = await this.cache.put(commune, tmp, pack.source);
			const path = (await this.cache.open(commune))!.path;
			// An import landing mid-copy: the ETag must be the digest of the bytes served.
			return { pack: cached.sha256 === pack.sha256 ? pack : cached, path };
		} finally {
			await rm(tmp, { force: true });
		}
	}

	async put(commune: string, file: string, source: MapPack['source']): Promise<MapPack> {
		const [pack, data] = await Promise.all([describe(commune, file, source), readFile(file)]);
		let rev: string | undefined;
		try {
			rev = (await this.db.get(commune))._rev;
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
		}
		const saved = await this.db.put({ _id: commune, ...(rev ? { _rev: rev } : {}), pack });
		await this.db.putAttachment(commune, ATTACHMENT, saved.rev, data, 'application/vnd.pmtiles');
		this.meta.delete(commune);
		return pack;
	}
}

export function openMapStore(opts: { dataDir: string; couchdbUrl?: string }): MapStore {
	return opts.couchdbUrl
		? new CouchMapStore(opts.couchdbUrl, join(opts.dataDir, 'map-cache'))
		: new FileMapStore(join(opts.dataDir, 'maps'));
}
