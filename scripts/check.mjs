// `npm run check`: types, lint, import boundaries and format, run side by side (each is mostly
// one process on one core; in sequence they took 133 s in CI, side by side about half).
import { spawn } from 'node:child_process';

const steps = ['check:types', 'check:lint', 'check:imports', 'check:format'];

function run(script) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const child = spawn('npm', ['run', '--silent', script], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: '0' }
		});
		let out = '';
		child.stdout.on('data', (c) => (out += c));
		child.stderr.on('data', (c) => (out += c));
		child.on('close', (code) =>
			resolve({ script, ok: code === 0, out, s: ((Date.now() - t0) / 1000).toFixed(1) })
		);
	});
}

const results = await Promise.all(steps.map(run));
for (const r of results) {
	console.log(`${r.ok ? '✓' : '✗'} ${r.script} (${r.s} s)`);
	if (!r.ok) console.log(r.out.trimEnd().replace(/^/gm, '  '));
}
if (results.some((r) => !r.ok)) process.exit(1);
