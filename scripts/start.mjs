// `npm start`: install if needed, build the PWA, start the sync server serving it on one origin.
import { spawn } from 'node:child_process';
import { ensureNodeModules } from './lib/deps.mjs';

ensureNodeModules();
const { ensureBuild } = await import('./lib/build.mjs');
console.log('• Building the app…');
ensureBuild({ force: process.env.SKIP_BUILD !== '1' });
const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
	stdio: 'inherit',
	env: process.env
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
