import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStorage, type Storage } from '../../../sync-server/src/storage/index.ts';

/** The server's embedded storage in a temporary directory, open for the test file's duration. */
export function tempStorage(prefix: string): () => Storage {
	const dir = mkdtempSync(join(tmpdir(), `tramso-${prefix}-`));
	let storage: Storage | undefined;
	beforeAll(async () => {
		storage = await openStorage({ dataDir: dir });
	});
	afterAll(async () => {
		await storage?.close();
		rmSync(dir, { recursive: true, force: true });
	});
	return () => {
		if (!storage) throw new Error('storage is open only inside tests');
		return storage;
	};
}
