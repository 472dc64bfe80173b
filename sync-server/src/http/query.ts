import type { Request } from 'express';
import { badRequest } from '../services/errors.ts';

/** Raw query parameters; express's parser would turn `a[b]=1` into objects. */
export class Query {
	private readonly params: URLSearchParams;

	constructor(req: Request) {
		const i = req.originalUrl.indexOf('?');
		this.params = new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
	}

	str(name: string): string | undefined {
		return this.params.get(name) ?? undefined;
	}

	bool(name: string): boolean | undefined {
		const v = this.str(name);
		if (v === undefined) return undefined;
		if (v === 'true' || v === 'false') return v === 'true';
		throw badRequest(`${name} must be true or false`);
	}

	int(name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
		const v = this.str(name);
		if (v === undefined) return undefined;
		if (!/^\d{1,15}$/.test(v)) throw badRequest(`${name} must be a non-negative integer`);
		return Math.min(Number(v), max);
	}

	/** CouchDB sends keys and revision lists JSON-encoded. */
	json(name: string): unknown {
		const v = this.str(name);
		if (v === undefined) return undefined;
		try {
			return JSON.parse(v);
		} catch {
			throw badRequest(`${name} must be JSON`);
		}
	}
}
