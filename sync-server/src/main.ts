import { resolve } from 'node:path';
import { parseTrustProxy } from './http/headers.ts';
import { DEMO_ACCOUNTS } from './seed/demo.ts';
import { startServer } from './server.ts';

const env = process.env;
const port = Number(env.PORT ?? 8080);
const demo = env.DEMO !== '0' && env.DEMO !== 'false';

function positiveInt(name: string, value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`);
	return n;
}

const server = await startServer({
	port,
	dataDir: resolve(env.DATA_DIR ?? './data'),
	couchdbUrl: env.COUCHDB_URL || undefined,
	demo,
	demoRecords: env.DEMO_RECORDS !== '0',
	staticDir: resolve(env.STATIC_DIR ?? './build'),
	trustProxy: parseTrustProxy(env.TRUST_PROXY),
	throttle: env.LOGIN_BURST ? { loginBurst: positiveInt('LOGIN_BURST', env.LOGIN_BURST) } : {},
	lookupBurst: env.LOOKUP_BURST ? positiveInt('LOOKUP_BURST', env.LOOKUP_BURST) : undefined,
	log: (line) => console.log(line)
});

console.log(`Trạm Số: ${server.url}`);
if (demo) {
	console.log('Demo accounts (DEMO=0 to start empty):');
	for (const a of DEMO_ACCOUNTS) {
		const scope = a.commune
			? ` commune ${a.commune}${a.hamlets.length ? ` hamlets ${a.hamlets.join(',')}` : ''}`
			: '';
		console.log(`  ${a.role.padEnd(9)} ${a.username.padEnd(15)} password ${a.password}${scope}`);
	}
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		server
			.close()
			.then(() => process.exit(0))
			.catch(() => process.exit(1));
	});
}
