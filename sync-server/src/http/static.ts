import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';

const NO_CACHE = new Set(['sw.js', 'index.html', 'manifest.webmanifest']);

const placeholder = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Trạm Số</title>
<h1>Trạm Số sync server</h1><p>The app is not built yet: run <code>npm run build</code>, then restart.</p>
<p>Ứng dụng chưa được build: chạy <code>npm run build</code> rồi khởi động lại.</p></html>`;

/** Serves the built SPA; unknown non-API GETs get index.html so client-side routes load. */
export function staticSite(dir: string | undefined) {
	const router = express.Router();
	const root = dir ? resolve(dir) : undefined;
	const isApi = (path: string) => /^\/(api|db)(\/|$)/.test(path);
	if (!root || !existsSync(join(root, 'index.html'))) {
		router.get(/.*/, (req, res, next) => {
			if (isApi(req.path)) return next();
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
		if (
			(req.method !== 'GET' && req.method !== 'HEAD') ||
			isApi(req.path) ||
			req.path.startsWith('/_app/')
		)
			return next();
		res.set('cache-control', 'no-cache').sendFile(join(root, 'index.html'));
	});
	return router;
}
