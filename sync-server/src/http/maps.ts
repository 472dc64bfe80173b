import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import type { Directory, StoredUser } from '../directory/directory.ts';
import { boundaryText } from '../maps/boundaries.ts';
import { checkArchive } from '../maps/archive.ts';
import type { Auth } from '../services/auth.ts';
import { badRequest, CouchError, forbidden, unauthorized } from '../services/errors.ts';
import type { MapStore } from '../storage/maps.ts';
import { parseRange } from './range.ts';

export interface MapsDeps {
	auth: Auth;
	directory: Directory;
	maps: MapStore;
}

/** Largest archive an admin may upload; an OpenStreetMap pack of one commune is a few MB. */
export const MAX_PACK_BYTES = 256 * 1024 * 1024;

const notFound = (reason: string) => new CouchError(404, 'not_found', reason);

/**
 * `GET|HEAD /api/maps/:commune`: the commune's PMTiles pack, whole or by one
 * byte range, for its own users and admins. `GET /api/maps/:commune/boundary`:
 * its boundary GeoJSON. `PUT /api/maps/:commune`: an admin replaces the pack.
 */
export function mapsRouter(deps: MapsDeps) {
	const router = express.Router();
	const allowed = async (req: Request): Promise<{ user: StoredUser; commune: string }> => {
		const commune = String(req.params.commune);
		if (!/^\d{5}$/.test(commune)) throw badRequest('commune must be a 5-digit code');
		const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw unauthorized('authentication required');
		if (user.role !== 'admin' && user.commune !== commune)
			throw forbidden('map of another commune');
		return { user, commune };
	};

	router.get('/:commune/boundary', async (req, res) => {
		const { commune } = await allowed(req);
		const text = boundaryText(commune);
		if (text === null) throw notFound('no boundary ships for this commune');
		res.set('cache-control', 'private, max-age=86400').type('application/geo+json').send(text);
	});

	const serve = async (req: Request, res: Response) => {
		const { commune } = await allowed(req);
		const found = await deps.maps.open(commune);
		if (!found) throw notFound('no map pack for this commune yet');
		// Open before answering: a pack replaced meanwhile stays readable through this descriptor.
		const fd = await open(found.path, 'r');
		try {
			const { pack } = found;
			const etag = `"${pack.sha256}"`;
			res.set({
				etag,
				'accept-ranges': 'bytes',
				'cache-control': 'private, no-cache, no-transform',
				'content-type': 'application/vnd.pmtiles',
				'last-modified': new Date(pack.updatedAt).toUTCString()
			});
			const inm = req.headers['if-none-match'];
			if (inm && (inm.trim() === '*' || inm.split(',').some((t) => t.trim() === etag))) {
				res.status(304).end();
				return;
			}
			const ifRange = req.get('if-range');
			// If-Range with another (or a weak, or a date) validator: the client's copy is stale, send it all.
			const range =
				ifRange !== undefined && ifRange.trim() !== etag
					? { kind: 'none' as const }
					: parseRange(req.headers.range, pack.bytes);
			if (range.kind === 'unsatisfiable') {
				res
					.status(416)
					.set('content-range', `bytes */${pack.bytes}`)
					.json({ error: 'range_not_satisfiable', reason: range.reason });
				return;
			}
			const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, pack.bytes - 1];
			if (range.kind === 'range')
				res.status(206).set('content-range', `bytes ${start}-${end}/${pack.bytes}`);
			res.set('content-length', String(end - start + 1));
			if (req.method === 'HEAD') {
				res.end();
				return;
			}
			await pipeline(fd.createReadStream({ start, end, autoClose: false }), res).catch(
				(err: unknown) => {
					// A phone that walks out of coverage mid-download is not a server error.
					if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
				}
			);
		} finally {
			await fd.close();
		}
	};
	router.get('/:commune', serve);
	router.head('/:commune', serve);

	router.put('/:commune', async (req, res) => {
		const { user, commune } = await allowed(req);
		if (user.role !== 'admin') throw forbidden('admins only');
		if (!(await deps.directory.commune(commune))) throw notFound('unknown commune: add it first');
		const length = Number(req.headers['content-length'] ?? NaN);
		if (!Number.isInteger(length))
			throw new CouchError(411, 'length_required', 'send Content-Length');
		if (length > MAX_PACK_BYTES)
			throw new CouchError(413, 'too_large', `a map pack may have at most ${MAX_PACK_BYTES} bytes`);
		const dir = await mkdtemp(join(tmpdir(), 'tramso-map-'));
		try {
			const file = join(dir, 'upload.pmtiles');
			await pipeline(req, createWriteStream(file));
			const check = await checkArchive(file);
			if (!check.ok) throw badRequest(`not a usable PMTiles archive: ${check.reason}`);
			res.status(201).json(await deps.maps.put(commune, file, 'import'));
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
	return router;
}
