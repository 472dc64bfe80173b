// Import graph of the app and the server: fails on any import cycle (type-only imports count:
// they are how the next runtime cycle starts) and on domain code reaching outside the domain.
// Package boundaries (RxDB, Leaflet, PouchDB, ...) are ESLint's no-restricted-imports zones.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const ROOTS = ['src', 'sync-server/src'];
const ALIASES = { $lib: 'src/lib', $domain: 'src/lib/domain' };
const EXTENSIONS = ['', '.ts', '.svelte.ts', '.js', '.svelte', '/index.ts', '/index.js'];
const DOMAIN = 'src/lib/domain/';

function* files(dir) {
	for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* files(path);
		else if (/\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
	}
}

/** The code of a file as TypeScript sees it: a Svelte file's script blocks. */
function code(path) {
	const text = readFileSync(join(ROOT, path), 'utf8');
	if (!path.endsWith('.svelte') || path.endsWith('.svelte.ts')) return text;
	return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

const known = new Set(ROOTS.flatMap((r) => [...files(r)]));

/** The project file an import names, or null for a package or a generated module. */
function target(from, spec) {
	let base;
	if (spec.startsWith('.')) base = join(dirname(from), spec);
	else {
		const alias = Object.keys(ALIASES).find((a) => spec === a || spec.startsWith(`${a}/`));
		if (!alias) return null;
		base = ALIASES[alias] + spec.slice(alias.length);
	}
	for (const ext of EXTENSIONS) {
		const candidate = join(base + ext);
		if (known.has(candidate)) return candidate;
		// `import './x.js'` of a TypeScript file.
		const source = candidate.replace(/\.js$/, '.ts');
		if (known.has(source)) return source;
	}
	return null;
}

const graph = new Map();
const problems = [];
for (const file of known) {
	const imports = ts.preProcessFile(code(file), true, true).importedFiles.map((f) => f.fileName);
	const edges = [];
	for (const spec of imports) {
		const to = target(file, spec);
		if (file.startsWith(DOMAIN)) {
			const outside = to ? !to.startsWith(DOMAIN) : spec !== 'zod' && !spec.startsWith('zod/');
			if (outside) problems.push(`${file}: domain code imports ${spec} (only zod and the domain)`);
		}
		if (to) edges.push(to);
	}
	graph.set(file, edges);
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
function connect(v) {
	const m = { index, low: index, onStack: true };
	index++;
	meta.set(v, m);
	stack.push(v);
	for (const w of graph.get(v)) {
		const n = meta.get(w);
		if (!n) {
			connect(w);
			m.low = Math.min(m.low, meta.get(w).low);
		} else if (n.onStack) m.low = Math.min(m.low, n.index);
	}
	if (m.low !== m.index) return;
	const component = [];
	let w;
	do {
		w = stack.pop();
		meta.get(w).onStack = false;
		component.push(w);
	} while (w !== v);
	// A Svelte component may draw itself (a form group holds fields): that is recursion, not a cycle.
	const selfImport = graph.get(v).includes(v) && !v.endsWith('.svelte');
	if (component.length > 1 || selfImport) {
		problems.push(`import cycle: ${component.sort().join(' ↔ ')}`);
	}
}
for (const v of graph.keys()) if (!meta.has(v)) connect(v);

if (problems.length) {
	for (const p of problems) console.error(p);
	console.error(`check-imports: ${problems.length} problem(s) in ${graph.size} files`);
	process.exit(1);
}
console.log(`check-imports: ${graph.size} files, no cycle, domain imports only zod`);
