import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';

interface RequestScope {
	req: Request;
	res: Response;
}

/**
 * The last line of defence: an exception no handler caught (thrown from a library's callback,
 * or a promise nobody awaited) is logged and counted, and the request it belongs to gets a 500;
 * the process keeps serving everyone else. Continuing is safe for this server's own state:
 * caches and sessions change only between awaits of request code, never half-way through a
 * callback. What such an exception may leave behind is a library's own lock (PouchDB's LevelDB
 * read queue did); the storage guards keep known paths from reaching one, and the log names the
 * request so a new one can be fixed at its root.
 */
export class SafetyNet {
	/** Exceptions caught here since start. */
	count = 0;
	private readonly scope = new AsyncLocalStorage<RequestScope>();
	private readonly listeners: [string, (err: unknown) => void][] = [];

	constructor(private readonly log: (line: string) => void) {}

	/** Express middleware: runs each request in its own scope, so a stray exception finds it. */
	readonly middleware = (req: Request, res: Response, next: NextFunction) => {
		this.scope.run({ req, res }, next);
	};

	install(proc: EventEmitter = process): void {
		for (const event of ['uncaughtException', 'unhandledRejection']) {
			const listener = (err: unknown) => this.caught(event, err);
			proc.on(event, listener);
			this.listeners.push([event, listener]);
		}
		this.uninstall = () => {
			for (const [event, listener] of this.listeners.splice(0)) proc.off(event, listener);
		};
	}

	uninstall = () => {};

	private caught(event: string, err: unknown): void {
		this.count += 1;
		const scope = this.scope.getStore();
		const where = scope
			? `${scope.req.method} ${scope.req.originalUrl.slice(0, 200)}`
			: 'no request';
		const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
		this.log(`internal error #${this.count} (${event}, ${where}): ${what}`);
		if (!scope || scope.res.writableEnded) return;
		if (scope.res.headersSent) {
			scope.res.destroy();
			return;
		}
		scope.res.status(500).json({ error: 'internal_error', reason: 'internal error' });
	}
}
