import { workerProcessor, type PhotoProcessor } from '$lib/photos/client';

let processor: PhotoProcessor | undefined;

/** One photo worker for the app, started on the first photo. */
export function photoProcessor(): PhotoProcessor {
	processor ??= workerProcessor(
		new Worker(new URL('../../photos/worker.ts', import.meta.url), { type: 'module' })
	);
	return processor;
}
