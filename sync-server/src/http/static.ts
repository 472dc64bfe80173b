import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';

const NO_CACHE = new Set(['sw.js', 'index.html', 'manifest.webmanifest']);

/**
 * A request for one of these that found no file is a missing asset (404), never a client-side
 * route: answering it with index.html makes the browser refuse it with a MIME-type error.
 */
const ASSET =
	/\.(?:m?js|css|map|json|webmanifest|wasm|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|txt|xml)$/i;

/** Whether a GET that no file answered should get the SPA's index.html. */
export function isSpaRoute(path: string): boolean {
	return !/^\/(api|db|_app)(\/|$)/.test(path) && !ASSET.test(path);
}

/** SHA-256 (base64) of the inline scripts of the built pages, for the CSP. */
export interface InlineHashes {
	scripts: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * Read at start from the build itself (SvelteKit's fallback page carries an inline bootstrap
 * script whose text changes with every build), so the policy always matches what is served.
 */
export function inlineHashes(dir: string | undefined): InlineHashes {
	const scripts = new Set<string>();
	const root = dir ? resolve(dir) : undefined;
	const pages = root && existsSync(root) ? htmlFiles(root) : [];
	for (const file of pages) {
		const html = readFileSync(file, 'utf8');
		for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
			if (!/\ssrc\s*=/i.test(m[1]) && m[2] !== '') scripts.add(sha256(m[2]));
		}
	}
	return { scripts: [...scripts] };
}

/**
 * `inlineHashes` of the build, read again when its index.html changes (a rebuild while the
 * server runs would otherwise block the new bootstrap script); looked at once a second at most.
 */
export function currentInlineHashes(dir: string | undefined, now = Date.now): () => InlineHashes {
	let hashes = inlineHashes(dir);
	let seen = dir ? mtime(join(dir, 'index.html')) : 0;
	let checkedAt = now();
	return () => {
		if (!dir || now() - checkedAt < 1000) return hashes;
		checkedAt = now();
		const m = mtime(join(dir, 'index.html'));
		if (m !== seen) [seen, hashes] = [m, inlineHashes(dir)];
		return hashes;
	};
}

function mtime(file: string): number {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

/** The built HTML pages (the fallback and any prerendered ones), not the hashed assets. */
function htmlFiles(root: string): string[] {
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && e.name.endsWith('.html'))
		.map((e) => join(e.parentPath, e.name))
		.filter((p) => !p.startsWith(join(root, '_app')))
		.slice(0, 500);
}

const placeholder = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Trạm Số</title>
<h1>Trạm Số sync server</h1><p>The app is not built yet: run <code>npm run build</code>, then restart.</p>
<p>Ứng dụng chưa được build: chạy <code>npm run build</code> rồi khởi động lại.</p></html>`;

/** Serves the built SPA; other GETs get index.html so client-side routes load, except missing assets. */
export function staticSite(dir: string | undefined) {
	const router = express.Router();
	const root = dir ? resolve(dir) : undefined;
	const fallback = (req: Request) =>
		(req.method === 'GET' || req.method === 'HEAD') && isSpaRoute(req.path);
	if (!root || !existsSync(join(root, 'index.html'))) {
		router.use((req: Request, res: Response, next: NextFunction) => {
			if (!fallback(req)) return next();
			res.status(200).type('html').set('cache-control', 'no-cache').send(placeholder);
		});
		return router;
	}
	router.use(
		express.static(root, {
			index: 'index.html',
			setHeaders(res, path) {
				if (path.includes('/_app/immutable/'))
					res.setHeader('cache-control', 'public, max-age=31536000, immutable');
				else if (NO_CACHE.has(basename(path))) res.setHeader('cache-control', 'no-cache');
				else res.setHeader('cache-control', 'public, max-age=3600');
			}
		})
	);
	router.use((req: Request, res: Response, next: NextFunction) => {
		if (!fallback(req)) return next();
		res.set('cache-control', 'no-cache').sendFile(join(root, 'index.html'));
	});
	return router;
}
