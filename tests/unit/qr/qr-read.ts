/**
 * A small QR reader for tests (versions 1-10, level M, no error correction
 * needed): reads format bits, unmasks, de-interleaves the blocks and parses
 * numeric, alphanumeric and byte segments. It shares no code with the
 * encoder, so a round trip shows the drawn symbol holds the text.
 */
const ECC_PER_BLOCK_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const MASKS: ((x: number, y: number) => boolean)[] = [
	(x, y) => (x + y) % 2 === 0,
	(_x, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
];

function alignmentPositions(version: number): number[] {
	if (version === 1) return [];
	const count = Math.floor(version / 7) + 2;
	const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
	const out = [6];
	for (let pos = version * 4 + 10; out.length < count; pos -= step) out.splice(1, 0, pos);
	return out;
}

/** Modules that belong to finder, timing, alignment, format and version patterns. */
function functionModules(version: number): boolean[][] {
	const n = version * 4 + 17;
	const f = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
	const box = (x0: number, y0: number, w: number, h: number) => {
		for (let y = Math.max(0, y0); y < Math.min(n, y0 + h); y++)
			for (let x = Math.max(0, x0); x < Math.min(n, x0 + w); x++) f[y][x] = true;
	};
	box(0, 0, 9, 9);
	box(n - 8, 0, 8, 9);
	box(0, n - 8, 9, 8);
	box(6, 0, 1, n);
	box(0, 6, n, 1);
	const al = alignmentPositions(version);
	const last = al.length - 1;
	al.forEach((ay, i) =>
		al.forEach((ax, j) => {
			// The three corners that would overlap a finder pattern carry no alignment pattern.
			if ((i === 0 && (j === 0 || j === last)) || (i === last && j === 0)) return;
			box(ax - 2, ay - 2, 5, 5);
		})
	);
	if (version >= 7) {
		box(n - 11, 0, 3, 6);
		box(0, n - 11, 6, 3);
	}
	return f;
}

/** ECC level and mask from the format bits around the top-left finder. */
export function readFormat(m: boolean[][]): { ecc: 'L' | 'M' | 'Q' | 'H'; mask: number } {
	const at = (x: number, y: number) => (m[y][x] ? 1 : 0);
	// Bit i of the 15 format bits, least significant first, as the standard places them.
	const places: [number, number][] = [
		...[0, 1, 2, 3, 4, 5].map((i): [number, number] => [8, i]),
		[8, 7],
		[8, 8],
		[7, 8],
		...[9, 10, 11, 12, 13, 14].map((i): [number, number] => [14 - i, 8])
	];
	const bits = places.reduce((acc, [x, y], i) => acc | (at(x, y) << i), 0);
	const data = (bits ^ 0x5412) >> 10;
	return { ecc: (['M', 'L', 'H', 'Q'] as const)[data >> 3], mask: data & 7 };
}

function rawCodewords(version: number): number {
	let bits = (16 * version + 128) * version + 64;
	if (version >= 2) {
		const align = Math.floor(version / 7) + 2;
		bits -= (25 * align - 10) * align - 55;
		if (version >= 7) bits -= 36;
	}
	return Math.floor(bits / 8);
}

export function readQr(m: boolean[][]): string {
	const n = m.length;
	const version = (n - 17) / 4;
	if (!Number.isInteger(version) || version < 1 || version > 10) throw new Error(`size ${n}`);
	const { ecc, mask } = readFormat(m);
	if (ecc !== 'M') throw new Error(`reader handles level M only, got ${ecc}`);
	const fn = functionModules(version);
	const bits: number[] = [];
	for (let right = n - 1; right >= 1; right -= 2) {
		if (right === 6) right = 5;
		for (let vert = 0; vert < n; vert++)
			for (let j = 0; j < 2; j++) {
				const x = right - j;
				const upward = ((right + 1) & 2) === 0;
				const y = upward ? n - 1 - vert : vert;
				if (!fn[y][x]) bits.push((m[y][x] ? 1 : 0) ^ (MASKS[mask](x, y) ? 1 : 0));
			}
	}
	const total = rawCodewords(version);
	const bytes = Array.from({ length: total }, (_, i) =>
		bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0)
	);
	const blocks = BLOCKS_M[version];
	const eccLen = ECC_PER_BLOCK_M[version];
	const shortLen = Math.floor(total / blocks);
	const shortBlocks = blocks - (total % blocks);
	const dataLen = (j: number) => shortLen - eccLen + (j < shortBlocks ? 0 : 1);
	const data: number[][] = Array.from({ length: blocks }, () => []);
	let k = 0;
	for (let i = 0; i < shortLen - eccLen + 1; i++)
		for (let j = 0; j < blocks; j++) if (i < dataLen(j)) data[j].push(bytes[k++]);
	const stream = data.flat().flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((s) => (b >> s) & 1));
	let p = 0;
	const take = (count: number) => {
		let v = 0;
		for (let i = 0; i < count; i++) v = (v << 1) | (stream[p++] ?? 0);
		return v;
	};
	let out = '';
	for (;;) {
		if (p + 4 > stream.length) break;
		const mode = take(4);
		if (mode === 0) break;
		if (mode === 1) {
			let count = take(version < 10 ? 10 : 12);
			for (; count >= 3; count -= 3) out += String(take(10)).padStart(3, '0');
			if (count === 2) out += String(take(7)).padStart(2, '0');
			if (count === 1) out += String(take(4));
		} else if (mode === 2) {
			let count = take(version < 10 ? 9 : 11);
			for (; count >= 2; count -= 2) {
				const v = take(11);
				out += ALPHANUMERIC[Math.floor(v / 45)] + ALPHANUMERIC[v % 45];
			}
			if (count === 1) out += ALPHANUMERIC[take(6)];
		} else if (mode === 4) {
			const count = take(version < 10 ? 8 : 16);
			out += new TextDecoder().decode(new Uint8Array(Array.from({ length: count }, () => take(8))));
		} else throw new Error(`mode ${mode}`);
	}
	return out;
}
