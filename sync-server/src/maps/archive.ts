import { open } from 'node:fs/promises';
import { HEADER_BYTES, readHeader, type HeaderCheck } from './pmtiles.ts';

/** Reads the header of an archive on disk and checks it against the file's size. */
export async function checkArchive(file: string): Promise<HeaderCheck> {
	const fd = await open(file, 'r');
	try {
		const { size } = await fd.stat();
		const head = new Uint8Array(HEADER_BYTES);
		await fd.read(head, 0, HEADER_BYTES, 0);
		return readHeader(head, size);
	} finally {
		await fd.close();
	}
}
