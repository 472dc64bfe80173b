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
