import zlib from 'node:zlib';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DirectoryError } from './directory/errors.ts';
import { apiRouter, type ApiDeps } from './http/api.ts';
import { couchHandler, type CouchDeps } from './http/couch/index.ts';
import { securityHeaders } from './http/headers.ts';
import { exportsRouter } from './http/exports.ts';
import { feeAccountRouter } from './http/fee-account.ts';
import { mapsRouter, type MapsDeps } from './http/maps.ts';
import { handoverRouter, type HandoverHttpDeps } from './http/handover.ts';
import { photosRouter } from './http/photos.ts';
import { rightsRouter, type RightsDeps } from './http/rights.ts';
import { calendarRouter, type CalendarDeps } from './http/calendar.ts';
import { currentInlineHashes, staticSite } from './http/static.ts';
import type { SafetyNet } from './safety-net.ts';
import { CouchError, publicText } from './services/errors.ts';
import { isStorageError } from './storage/index.ts';

export type AppDeps = ApiDeps &
	CouchDeps &
	MapsDeps &
	CalendarDeps &
	HandoverHttpDeps &
	RightsDeps & {
		staticDir?: string;
		log: (line: string) => void;
		safetyNet?: SafetyNet;
		/** express's `trust proxy`: whose X-Forwarded-For/-Proto to believe (default nobody). */
		trustProxy?: boolean | number | string[];
	};

const DIRECTORY_STATUS = {
	invalid: 400,
	unknown_unit: 400,
	not_found: 404,
	conflict: 409
} as const;

export function createApp(deps: AppDeps) {
	const app = express();
	if (deps.safetyNet) app.use(deps.safetyNet.middleware);
	app.disable('x-powered-by');
	app.set('query parser', 'simple');
	app.set('trust proxy', deps.trustProxy ?? false);
	app.use(securityHeaders(currentInlineHashes(deps.staticDir)));
	// Fast levels: on 2 cores serving 200 replications, CPU is scarcer than rural bandwidth.
	app.use(
		compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } })
	);
	app.use('/api/communes', exportsRouter(deps));
	app.use('/api/communes', photosRouter(deps));
	app.use('/api/communes', feeAccountRouter(deps));
	app.use('/api/communes', rightsRouter(deps));
	app.use('/api/maps', mapsRouter(deps));
	app.use('/api', handoverRouter(deps));
	app.use('/api', calendarRouter(deps));
	app.use('/api', apiRouter(deps));
	app.use('/db', couchHandler(deps));
	app.use(staticSite(deps.staticDir));
	app.use((_req, res) => {
		res.status(404).json({ error: 'not_found', reason: 'missing' });
	});
	app.use(errorHandler(deps.log));
	return app;
}

/** Maps every failure to a JSON `{error, reason}`; only a genuine bug gives a 500. */
function errorHandler(log: (line: string) => void) {
	return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
		void _next;
		let status = 500;
		let body = { error: 'internal_error', reason: 'internal error' };
		let headers: Record<string, string> = {};
		if (err instanceof CouchError) {
			status = err.status;
			body = { error: err.error, reason: err.reason };
			headers = err.headers;
		} else if (err instanceof DirectoryError) {
			status = DIRECTORY_STATUS[err.code];
			body = { error: err.code, reason: err.message };
		} else if (isStorageError(err) && err.status < 500) {
			status = err.status;
			body = { error: publicText(err.name, 'bad_request'), reason: publicText(err.message) };
		} else if (isClientError(err)) {
			status = err.status;
			body = { error: 'bad_request', reason: 'malformed request' };
		} else {
			log(
				`error ${req.method} ${req.originalUrl.slice(0, 200)}: ${err instanceof Error ? err.stack : String(err)}`
			);
		}
		if (res.headersSent) {
			res.end();
			return;
		}
		res.status(status).set(headers).json(body);
	};
}

function isClientError(err: unknown): err is { status: number } {
	const s = (err as { status?: unknown })?.status;
	return typeof s === 'number' && s >= 400 && s < 500;
}
