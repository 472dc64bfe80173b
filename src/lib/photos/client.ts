import { PhotoError, type PhotoOptions, type ProcessedPhoto } from './process';
import type { PhotoRequest, PhotoResponse } from './worker';

export interface PhotoProcessor {
	process(file: Blob, options?: Partial<PhotoOptions>): Promise<ProcessedPhoto>;
	close(): void;
}

/**
 * Runs `processPhoto` in a worker, one request per photo. The caller makes
 * the worker (the app: `new Worker(new URL('./worker.ts', import.meta.url),
 * { type: 'module' })`), so bundlers and tests choose how it is loaded.
 */
export function workerProcessor(worker: Worker): PhotoProcessor {
	let next = 0;
	const waiting = new Map<
		number,
		{ resolve: (p: ProcessedPhoto) => void; reject: (e: Error) => void }
	>();
	worker.onmessage = (e: MessageEvent<PhotoResponse>) => {
		const r = e.data;
		const w = waiting.get(r.id);
		if (!w) return;
		waiting.delete(r.id);
		if (r.ok) w.resolve(r.photo);
		else
			w.reject(r.reason === 'failed' ? new Error(r.message) : new PhotoError(r.reason, r.message));
	};
	worker.onerror = (e) => {
		for (const w of waiting.values()) w.reject(new Error(e.message || 'photo worker failed'));
		waiting.clear();
	};
	return {
		process(file, options) {
			const id = next++;
			return new Promise<ProcessedPhoto>((resolve, reject) => {
				waiting.set(id, { resolve, reject });
				worker.postMessage({ id, file, options } satisfies PhotoRequest);
			});
		},
		close() {
			worker.terminate();
			for (const w of waiting.values()) w.reject(new Error('photo worker closed'));
			waiting.clear();
		}
	};
}
