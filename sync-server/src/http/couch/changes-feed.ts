import { CouchError } from '../../services/errors.ts';
import * as replication from '../../services/replication/index.ts';
import type { Call } from './endpoints.ts';

export interface FeedParams extends replication.ChangesParams {
	/** Newline interval of a longpoll, 0 for none. */
	heartbeatMs: number;
}

/** Answers `_changes`; a longpoll with a heartbeat sends its headers at once and newlines while it waits. */
export async function streamChanges(call: Call<unknown>, p: FeedParams): Promise<void> {
	const { res } = call;
	const abort = new AbortController();
	res.on('close', () => abort.abort());
	let beat: NodeJS.Timeout | undefined;
	if (p.longpoll && p.heartbeatMs > 0) {
		// Headers go out now; newlines keep proxies from closing an idle connection.
		res.status(200).type('application/json');
		res.flushHeaders();
		beat = setInterval(() => res.write('\n'), Math.min(p.heartbeatMs, 30_000));
	}
	try {
		const result = await replication.changes(call.ctx, p, abort.signal);
		if (res.headersSent) res.end(JSON.stringify(result));
		else res.json(result);
	} catch (err) {
		if (!res.headersSent) throw err;
		const e = err instanceof CouchError ? err : null;
		res.end(
			JSON.stringify({
				error: e?.error ?? 'bad_request',
				reason: e?.reason ?? 'changes feed failed'
			})
		);
	} finally {
		clearInterval(beat);
	}
}
