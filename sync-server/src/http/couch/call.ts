import type { Request, Response } from 'express';
import type * as replication from '../../services/replication/index.ts';

/** What every handler of a client database gets: parsed path, query, the scoped context. */
export interface Call<Q> {
	ctx: replication.ReplicationContext;
	req: Request;
	res: Response;
	query: Q;
	/** Document id (`doc`, `attachment`) or checkpoint id (`local`). */
	id: string;
	/** Attachment name, for `attachment`. */
	name: string;
	isAdmin: boolean;
	maxLongpollMs: number;
}
