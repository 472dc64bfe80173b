declare module 'express-pouchdb' {
	import type { IncomingMessage, ServerResponse } from 'node:http';
	interface ExpressPouchDBApp {
		(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
		setPouchDB(pouch: unknown): Promise<void>;
	}
	function expressPouchDB(options: {
		mode: 'minimumForPouchDB' | 'fullCouchDB' | 'custom';
		overrideMode?: { include?: string[]; exclude?: string[] };
		logPath?: string;
		configPath?: string;
	}): ExpressPouchDBApp;
	export default expressPouchDB;
}

declare module 'express-pouchdb/lib/clean-filename.js' {
	/** The file name express-pouchdb stores a database under (`a/b` becomes `ab`). */
	export default function cleanFilename(name: string): string;
}
