import type { AllDocsQuery, AllDocsRow, CouchDoc, DocDb, GetQuery } from '../../storage/index.ts';
import { badRequest, notFound } from '../errors.ts';
import { readable, type ReplicationContext } from './context.ts';

/** Reads a tombstone's body, which keeps the scope fields of the record it deleted. */
async function tombstone(db: DocDb, id: string, rev: string): Promise<CouchDoc | null> {
	try {
		return (await db.get(id, { rev })) as CouchDoc;
	} catch {
		return null;
	}
}

export async function allDocs(
	ctx: ReplicationContext,
	query: AllDocsQuery,
	includeDocs: boolean
): Promise<{ total_rows: number; offset: number; rows: AllDocsRow[] }> {
	const { db } = ctx.target;
	const canSee = readable(ctx);
	const res = await db.allDocs(query);
	const rows: AllDocsRow[] = [];
	for (const row of res.rows) {
		if (row.error || !row.id) {
			rows.push({ key: row.key, error: row.error ?? 'not_found' });
			continue;
		}
		const doc = row.value?.deleted ? await tombstone(db, row.id, row.value.rev) : row.doc;
		if (!canSee(doc)) {
			// Out of scope looks exactly like missing.
			if (query.keys) rows.push({ key: row.key, error: 'not_found' });
			continue;
		}
		if (row.value?.deleted) rows.push({ ...row, doc: null });
		else rows.push(includeDocs ? row : { id: row.id, key: row.key, value: row.value });
	}
	return { total_rows: rows.length, offset: res.offset ?? 0, rows };
}

export async function getDoc(ctx: ReplicationContext, id: string, query: GetQuery) {
	const canSee = readable(ctx);
	const result = await ctx.target.db.get(id, query);
	if (Array.isArray(result)) {
		const visible = (result as Record<string, unknown>[]).map((r) =>
			'ok' in r && !canSee(r.ok) ? { missing: (r.ok as CouchDoc)._rev } : r
		);
		if (visible.every((r) => 'missing' in r) && result.some((r) => 'ok' in r)) throw notFound();
		return visible;
	}
	if (!canSee(result)) throw notFound();
	return result;
}

export async function bulkGet(
	ctx: ReplicationContext,
	docs: { id: string; rev?: string }[],
	revs: boolean
) {
	const canSee = readable(ctx);
	const results = await ctx.target.db.bulkGet(docs, revs);
	return results.map((r) => ({
		id: r.id,
		docs: r.docs.map((d) =>
			'ok' in d && !canSee(d.ok)
				? {
						error: {
							id: r.id,
							rev: d.ok._rev ?? 'undefined',
							error: 'not_found',
							reason: 'missing'
						}
					}
				: d
		)
	}));
}

export async function revsDiff(ctx: ReplicationContext, body: unknown) {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw badRequest('body must be an object');
	for (const revs of Object.values(body)) {
		if (!Array.isArray(revs) || revs.some((r) => typeof r !== 'string')) {
			throw badRequest('each value must be an array of revisions');
		}
	}
	const diff = await ctx.target.db.revsDiff(body as Record<string, string[]>);
	// Out-of-scope ids answer "all missing", as if unknown; a push of them is then refused.
	const canSee = readable(ctx);
	const ids = Object.keys(body).filter((id) => !diff[id]);
	const current = await Promise.all(ids.map((id) => ctx.target.db.getCurrent(id)));
	current.forEach((doc, i) => {
		if (doc && !canSee(doc)) diff[ids[i]] = { missing: (body as Record<string, string[]>)[ids[i]] };
	});
	return diff;
}
