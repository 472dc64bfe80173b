// Draws the app icons as PNGs with no image library: a signal mark on the brand colour.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x0f, 0x5f, 0x57];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
	let c,
		crc = 0xffffffff;
	for (const b of buf) {
		c = (crc ^ b) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** `safe` is the share of the canvas the mark may use (maskable icons keep to 80 %). */
function icon(size, { safe, rounded }) {
	const raw = Buffer.alloc((size * 3 + 1) * size);
	const c = size / 2;
	const unit = (size * safe) / 2;
	for (let y = 0; y < size; y++) {
		raw[y * (size * 3 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			const dx = x + 0.5 - c;
			const dy = y + 0.5 - c;
			const r = Math.hypot(dx, dy) / unit;
			const up = dy < dx * 0.2 && dy < -dx * 0.2;
			let px = BRAND;
			if (r < 0.18) px = WHITE;
			else if (up && ((r > 0.38 && r < 0.52) || (r > 0.7 && r < 0.84))) px = WHITE;
			else if (Math.abs(dx) < unit * 0.07 && dy > 0 && r < 0.8) px = WHITE;
			const corner = size * 0.18;
			if (rounded) {
				const qx = Math.max(corner - x, x - (size - 1 - corner), 0);
				const qy = Math.max(corner - y, y - (size - 1 - corner), 0);
				if (Math.hypot(qx, qy) > corner) px = WHITE;
			}
			raw.set(px, y * (size * 3 + 1) + 1 + x * 3);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const out = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), icon(192, { safe: 0.9, rounded: true }));
writeFileSync(new URL('icon-512.png', out), icon(512, { safe: 0.9, rounded: true }));
writeFileSync(new URL('icon-maskable-512.png', out), icon(512, { safe: 0.62, rounded: false }));
writeFileSync(new URL('favicon.png', out), icon(48, { safe: 0.95, rounded: true }));
