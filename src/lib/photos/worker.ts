// Decoding and re-encoding a 12 MP photo takes hundreds of milliseconds: off the page's thread.
import { PhotoError, processPhoto, type PhotoOptions } from './process';

export type PhotoRequest = { id: number; file: Blob; options?: Partial<PhotoOptions> };
export type PhotoResponse =
	| { id: number; ok: true; photo: Awaited<ReturnType<typeof processPhoto>> }
	| { id: number; ok: false; reason: PhotoError['reason'] | 'failed'; message: string };

// The app compiles against the DOM library, not the webworker one: only what is used is typed.
const scope = self as unknown as {
	onmessage: (e: MessageEvent<PhotoRequest>) => Promise<void>;
	postMessage(message: PhotoResponse): void;
};

scope.onmessage = async (e: MessageEvent<PhotoRequest>) => {
	const { id, file, options } = e.data;
	try {
		scope.postMessage({
			id,
			ok: true,
			photo: await processPhoto(file, options)
		} satisfies PhotoResponse);
	} catch (err) {
		const reason = err instanceof PhotoError ? err.reason : 'failed';
		scope.postMessage({
			id,
			ok: false,
			reason,
			message: (err as Error).message
		} satisfies PhotoResponse);
	}
};
