import type { NextFunction, Request, Response } from 'express';
import type { InlineHashes } from './static.ts';

const HSTS = 'max-age=31536000';

/** Features the app will use (address points, document photos) stay allowed for our own origin only. */
export const PERMISSIONS_POLICY =
	'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), fullscreen=(self)';

/**
 * Scripts: our own files plus the hashes of the inline bootstrap of the built HTML; no eval.
 * Images may be `blob:`/`data:` (document photos, map tiles are served by this origin).
 */
export function contentSecurityPolicy(inline: InlineHashes): string {
	const quoted = inline.scripts.map((h) => `'sha256-${h}'`).join(' ');
	const directives = [
		`default-src 'self'`,
		`script-src 'self' ${quoted}`.trim(),
		`style-src 'self'`,
		// Style attributes cannot run script and url() is held by img-src; Svelte, Kit and Leaflet set them.
		`style-src-attr 'unsafe-inline'`,
		`img-src 'self' blob: data:`,
		`media-src 'self' blob:`,
		`font-src 'self'`,
		`connect-src 'self'`,
		`worker-src 'self'`,
		`manifest-src 'self'`,
		`frame-src 'none'`,
		`object-src 'none'`,
		`base-uri 'none'`,
		`form-action 'self'`,
		`frame-ancestors 'none'`
	];
	return directives.join('; ');
}

/**
 * `TRUST_PROXY` as express's `trust proxy`: unset or `false` trusts nobody (X-Forwarded-* ignored),
 * a number trusts that many hops, anything else is a list of addresses/subnets (`loopback`, `10.0.0.0/8`).
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
	const v = value?.trim() ?? '';
	if (v === '' || v === 'false' || v === '0') return false;
	if (v === 'true') return true;
	if (/^\d{1,2}$/.test(v)) return Number(v);
	return v
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/** Runs `fn` just before the status line and headers go out, whoever writes them. */
function beforeHeaders(res: Response, fn: () => void) {
	const writeHead = res.writeHead;
	res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
		fn();
		return writeHead.apply(this, args);
	} as Response['writeHead'];
}

/** Security headers on every response; `/api` and `/db` are never cached by browsers or proxies. */
export function securityHeaders(hashes: () => InlineHashes) {
	let policy = { for: hashes(), csp: contentSecurityPolicy(hashes()) };
	return (req: Request, res: Response, next: NextFunction) => {
		const current = hashes();
		if (current !== policy.for) policy = { for: current, csp: contentSecurityPolicy(current) };
		const { csp } = policy;
		const noStore = /^\/(api|db)(\/|$|\?)/.test(req.originalUrl);
		const secure = req.secure;
		const apply = () => {
			res.setHeader('content-security-policy', csp);
			res.setHeader('x-frame-options', 'DENY');
			res.setHeader('x-content-type-options', 'nosniff');
			res.setHeader('referrer-policy', 'no-referrer');
			res.setHeader('permissions-policy', PERMISSIONS_POLICY);
			res.setHeader('cross-origin-opener-policy', 'same-origin');
			res.setHeader('cross-origin-resource-policy', 'same-origin');
			if (secure) res.setHeader('strict-transport-security', HSTS);
			if (noStore) res.setHeader('cache-control', 'no-store');
			// express-pouchdb's own express app adds it to forwarded answers.
			res.removeHeader('x-powered-by');
		};
		apply();
		beforeHeaders(res, apply);
		next();
	};
}
