// Runs in headless Chromium: generates camera-size JPEGs on a canvas and puts them through the
// app's photo processing, on the page and in its worker, timing each and probing the page's lag.
import { workerProcessor, type PhotoProcessor } from '$lib/photos/client';
import { processPhoto, type ProcessedPhoto } from '$lib/photos/process';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase } from '$lib/db';
import { procedureByCode } from '$lib/services/catalogue';
import { createDossier, takeDocumentPhoto } from '$lib/services/dossiers.service';
import { SyncEngine } from '$lib/sync/engine';
import { PhotoQueue } from '$lib/sync/photos';
import { silentSink } from '../support/sink';
import { createRng } from '../factories/random';

const files: Blob[] = [];
let worker: PhotoProcessor | undefined;

/**
 * A photo-like JPEG: a lit paper with lines of "text" and sensor noise, which
 * compresses like a phone photo of a document (3-6 MB at 12 MP).
 */
async function makeCameraJpeg(width: number, height: number, seed: number, noise = 28) {
	const rand = createRng(seed).next;
	const canvas = new OffscreenCanvas(width, height);
	const ctx = canvas.getContext('2d')!;
	const g = ctx.createLinearGradient(0, 0, width, height);
	g.addColorStop(0, `hsl(${30 + rand() * 20}, 30%, 78%)`);
	g.addColorStop(1, `hsl(${200 + rand() * 40}, 20%, 45%)`);
	ctx.fillStyle = g;
	ctx.fillRect(0, 0, width, height);
	ctx.fillStyle = '#f4f1ea';
	ctx.fillRect(width * 0.12, height * 0.08, width * 0.76, height * 0.84);
	ctx.fillStyle = '#222';
	for (let y = height * 0.14; y < height * 0.86; y += height * 0.035) {
		for (let x = width * 0.16; x < width * 0.82; x += 30 + rand() * 60) {
			ctx.fillRect(x, y, 18 + rand() * 50, height * 0.012);
		}
	}
	const img = ctx.getImageData(0, 0, width, height);
	const d = img.data;
	for (let i = 0; i < d.length; i += 4) {
		const n = (rand() - 0.5) * noise;
		d[i] += n;
		d[i + 1] += n;
		d[i + 2] += n;
	}
	ctx.putImageData(img, 0, 0);
	files.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 }));
	return { index: files.length - 1, bytes: files[files.length - 1].size };
}

/** Inserts an EXIF APP1 segment with an orientation and a GPS position after the SOI marker. */
async function addExif(index: number, orientation: number) {
	const tiff: number[] = [];
	const le16 = (v: number) => [v & 0xff, v >> 8];
	const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
	const entry = (tag: number, type: number, count: number, value: number[]) =>
		tiff.push(...le16(tag), ...le16(type), ...le32(count), ...value);
	// TIFF header (little-endian), IFD0 at 8 with Orientation and a GPS IFD pointer.
	tiff.push(0x49, 0x49, ...le16(42), ...le32(8));
	const gpsIfd = 8 + 2 + 2 * 12 + 4;
	tiff.push(...le16(2));
	entry(0x0112, 3, 1, [...le16(orientation), 0, 0]);
	entry(0x8825, 4, 1, le32(gpsIfd));
	tiff.push(...le32(0));
	// GPS IFD: latitude N 11°23'12", longitude E 106°10'6" (Tây Ninh), rationals after the IFD.
	const rationals = gpsIfd + 2 + 4 * 12 + 4;
	tiff.push(...le16(4));
	entry(1, 2, 2, [0x4e, 0, 0, 0]);
	entry(2, 5, 3, le32(rationals));
	entry(3, 2, 2, [0x45, 0, 0, 0]);
	entry(4, 5, 3, le32(rationals + 24));
	tiff.push(...le32(0));
	for (const v of [11, 23, 12, 106, 10, 6]) tiff.push(...le32(v), ...le32(1));
	const header = [...'Exif'].map((c) => c.charCodeAt(0)).concat(0, 0);
	const length = 2 + header.length + tiff.length;
	const app1 = new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...header, ...tiff]);
	const original = new Uint8Array(await files[index].arrayBuffer());
	files.push(new Blob([original.slice(0, 2), app1, original.slice(2)], { type: 'image/jpeg' }));
	return files.length - 1;
}

/** Markers of a JPEG up to the image data: `APP1:Exif`, `APP0:JFIF`, `SOF0`, … */
async function segments(blob: Blob): Promise<string[]> {
	const b = new Uint8Array(await blob.arrayBuffer());
	const out: string[] = [];
	if (b[0] !== 0xff || b[1] !== 0xd8) return ['not-jpeg'];
	for (let i = 2; i + 4 <= b.length;) {
		if (b[i] !== 0xff) return [...out, 'bad-marker'];
		const marker = b[i + 1];
		const len = (b[i + 2] << 8) | b[i + 3];
		if (marker >= 0xe0 && marker <= 0xef) {
			const id = String.fromCharCode(...b.slice(i + 4, i + 8));
			out.push(`APP${marker - 0xe0}:${id.replace(/\0/g, '')}`);
		} else if (marker === 0xda) return [...out, 'SOS'];
		else if (marker >= 0xc0 && marker <= 0xc2) out.push(`SOF${marker - 0xc0}`);
		i += 2 + len;
	}
	return out;
}

async function describe(p: ProcessedPhoto, ms: number) {
	const thumb = await createImageBitmap(p.thumbnail);
	const out = {
		ms,
		bytes: p.jpeg.size,
		width: p.width,
		height: p.height,
		quality: p.quality,
		hash: p.hash,
		thumbWidth: thumb.width,
		thumbHeight: thumb.height,
		thumbBytes: p.thumbnail.size,
		segments: await segments(p.jpeg)
	};
	thumb.close();
	return out;
}

async function processOnPage(index: number) {
	const t0 = performance.now();
	const p = await processPhoto(files[index]);
	return describe(p, performance.now() - t0);
}

async function processInWorker(index: number) {
	worker ??= workerProcessor(new Worker('/photo-worker.js', { type: 'module' }));
	const t0 = performance.now();
	const p = await worker.process(files[index]);
	return describe(p, performance.now() - t0);
}

async function processBytes(bytes: number[]) {
	try {
		await processPhoto(new Blob([new Uint8Array(bytes)]));
		return 'processed';
	} catch (err) {
		return (err as { reason?: string }).reason ?? 'failed';
	}
}

/** Largest gap between 10 ms timer ticks while `run` works: how long the page could not respond. */
async function maxLagDuring<T>(run: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
	let last = performance.now();
	let maxLag = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		maxLag = Math.max(maxLag, now - last - 10);
		last = now;
	}, 10);
	try {
		const result = await run();
		return { result, maxLagMs: Math.max(0, maxLag) };
	} finally {
		clearInterval(timer);
	}
}

async function fileInfo(index: number) {
	const bitmap = await createImageBitmap(files[index], { imageOrientation: 'from-image' });
	const out = {
		bytes: files[index].size,
		width: bitmap.width,
		height: bitmap.height,
		segments: await segments(files[index])
	};
	bitmap.close();
	return out;
}

/** A JPEG the size the pipeline hands over (1600×1200, noisy, 200-400 KB), fast to make. */
async function processedSizeJpeg(seed: number): Promise<Blob> {
	const rand = createRng(seed).next;
	const canvas = new OffscreenCanvas(1600, 1200);
	const ctx = canvas.getContext('2d')!;
	ctx.fillStyle = '#f4f1ea';
	ctx.fillRect(0, 0, 1600, 1200);
	const img = ctx.getImageData(0, 0, 1600, 1200);
	for (let i = 0; i < img.data.length; i += 4) {
		const n = (rand() - 0.5) * 40;
		img.data[i] += n;
		img.data[i + 1] += n;
		img.data[i + 2] += n;
	}
	ctx.putImageData(img, 0, 0);
	return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.5 });
}

/** Hands the prepared JPEG over as processed, so the store step (hash, seal, write) is timed alone. */
const prepared: PhotoProcessor = {
	async process(file) {
		const bytes = new Uint8Array(await file.arrayBuffer());
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		return {
			jpeg: file,
			thumbnail: file.slice(0, 8000, 'image/jpeg'),
			hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
			width: 1600,
			height: 1200,
			quality: 0.5
		};
	},
	close() {}
};

/**
 * The upload half, on the sync server's own origin: `count` photos stored on 10-photo birth
 * dossiers (encrypted with the data key, as the app keeps them), the dossiers synced, then the
 * app's photo queue sends them all. Returns each store's ms and the queue's time.
 */
async function uploadBench(username: string, password: string, count: number) {
	const res = await fetch('/api/session', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	const session = await res.json();
	const db = await openDatabase({
		name: `bench-photos-${Date.now()}`,
		password: 'harness-device-key',
		storage: getRxStorageDexie()
	});
	const ctx = { db, user: session.user, now: () => new Date() };
	const procedure = procedureByCode('birth-bundle')!;
	const papers = [
		['birthCertificate', 2],
		['witnessStatement', 3],
		['homeProof', 4],
		['marriageCertificate', 1]
	] as const;
	const storeMs: number[] = [];
	let bytes = 0;
	for (let d = 0; storeMs.length < count; d++) {
		const created = await createDossier(ctx, {
			procedure,
			household: { id: `hh-bench-${d}`, hamlet: session.user.hamlets[0] },
			residentIds: [`r-bench-${d}`],
			answers: {}
		});
		if (!created.ok) throw new Error(JSON.stringify(created.issues));
		for (const [paper, n] of papers) {
			for (let i = 0; i < n && storeMs.length < count; i++) {
				const jpeg = await processedSizeJpeg(d * 100 + storeMs.length);
				bytes += jpeg.size;
				const t0 = performance.now();
				const r = await takeDocumentPhoto(ctx, created.value.id, paper, jpeg, prepared);
				storeMs.push(performance.now() - t0);
				if (!r.ok) throw new Error(JSON.stringify(r.issues));
			}
		}
	}
	const engine = new SyncEngine({
		db,
		user: session.user,
		databases: session.databases,
		baseUrl: location.origin,
		token: () => session.token,
		onTokenExpired: () => {},
		sink: silentSink(),
		waitForLeadership: false
	});
	await engine.start();
	if (!(await engine.syncNow(300_000))) throw new Error('dossiers did not sync');
	await engine.stop();
	const queue = new PhotoQueue({
		db,
		commune: session.user.commune,
		baseUrl: location.origin,
		token: () => session.token,
		onStates: () => {}
	});
	const t0 = performance.now();
	await queue.kick();
	const uploadMs = performance.now() - t0;
	const uploaded = Object.values(queue.states).filter((s) => s.phase === 'uploaded').length;
	await queue.stop();
	await db.close();
	return { storeMs, uploadMs, uploaded, bytes };
}

const harness = {
	uploadBench,
	makeCameraJpeg,
	addExif,
	fileInfo,
	processOnPage,
	processInWorker,
	processBytes,
	lagOnPage: (i: number) => maxLagDuring(() => processOnPage(i)),
	lagInWorker: (i: number) => maxLagDuring(() => processInWorker(i)),
	dropFiles: () => void files.splice(0)
};
(window as unknown as { harness: typeof harness }).harness = harness;
document.title = 'harness-ready';
