/**
 * Document photos as the device keeps them: decoded with the camera's
 * orientation applied, at most `maxSide` px on the long side, re-encoded as
 * JPEG under `maxBytes`. Re-encoding through a canvas writes a bare JFIF
 * file, so EXIF (GPS position, camera, time) never leaves the camera file.
 * Works on the page and in a worker (OffscreenCanvas).
 */
export interface PhotoOptions {
	maxSide: number;
	maxBytes: number;
	thumbSide: number;
	/** JPEG qualities tried in turn until the file fits `maxBytes`. */
	qualities: readonly number[];
}

export const PHOTO_DEFAULTS: PhotoOptions = {
	maxSide: 1600,
	maxBytes: 400_000,
	thumbSide: 240,
	qualities: [0.82, 0.72, 0.62, 0.52, 0.42]
};

export interface ProcessedPhoto {
	jpeg: Blob;
	thumbnail: Blob;
	/** SHA-256 of `jpeg`, lower-case hex: the photo's id on the device and the server. */
	hash: string;
	width: number;
	height: number;
	quality: number;
}

export class PhotoError extends Error {
	constructor(
		readonly reason: 'not_an_image' | 'too_large',
		message: string
	) {
		super(message);
	}
}

function scaledWithin(w: number, h: number, side: number): { w: number; h: number } {
	const scale = Math.min(1, side / Math.max(w, h));
	return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };
}

function draw(source: CanvasImageSource, w: number, h: number): OffscreenCanvas {
	const canvas = new OffscreenCanvas(w, h);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('no 2d context');
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(source, 0, 0, w, h);
	return canvas;
}

export async function sha256Hex(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function processPhoto(
	file: Blob,
	options: Partial<PhotoOptions> = {}
): Promise<ProcessedPhoto> {
	const o = { ...PHOTO_DEFAULTS, ...options };
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		throw new PhotoError('not_an_image', 'the file is not an image the browser can read');
	}
	let canvas: OffscreenCanvas;
	try {
		const size = scaledWithin(bitmap.width, bitmap.height, o.maxSide);
		canvas = draw(bitmap, size.w, size.h);
	} finally {
		bitmap.close();
	}
	// A page of fine print can stay over the limit at every quality: then shrink and try again.
	for (let shrink = 0; shrink < 4; shrink++) {
		for (const quality of o.qualities) {
			const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality });
			if (jpeg.size > o.maxBytes) continue;
			const t = scaledWithin(canvas.width, canvas.height, o.thumbSide);
			const thumbnail = await draw(canvas, t.w, t.h).convertToBlob({
				type: 'image/jpeg',
				quality: 0.7
			});
			return {
				jpeg,
				thumbnail,
				hash: await sha256Hex(jpeg),
				width: canvas.width,
				height: canvas.height,
				quality
			};
		}
		canvas = draw(canvas, Math.round(canvas.width * 0.8), Math.round(canvas.height * 0.8));
	}
	throw new PhotoError('too_large', `the photo stays over ${o.maxBytes} bytes`);
}
