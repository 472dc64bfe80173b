import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import promise from 'eslint-plugin-promise';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Each outside dependency has one home; everywhere else importing it is an error.
const homes = [
	{
		where: 'src/lib/db',
		message: 'RxDB and Dexie only under src/lib/db',
		group: ['rxdb', 'rxdb/*', 'dexie', 'dexie/*']
	},
	{
		where: 'src/lib/components/map',
		message: 'Leaflet and the map libraries only in src/lib/components/map',
		group: ['leaflet', 'leaflet/*', 'protomaps-leaflet', 'pmtiles']
	},
	{
		where: 'sync-server/src/storage',
		message: 'PouchDB only under sync-server/src/storage',
		group: ['pouchdb', 'pouchdb-*', 'express-pouchdb', 'express-pouchdb/*']
	},
	{ where: 'src/lib/geo', message: 'turf only under src/lib/geo', group: ['@turf/*'] },
	{ where: 'src/lib/qr', message: 'the QR encoder only under src/lib/qr', group: ['uqr'] }
];
const noDb = {
	message: 'pages and components reach the database through src/lib/services',
	group: ['$lib/db', '$lib/db/*']
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const away = (where) =>
	homes.filter((h) => h.where !== where).map(({ message, group }) => ({ message, group }));
const zones = [
	{ files: ['src/**', 'sync-server/src/**'], rules: restrict(...away(null)) },
	...homes.map((h) => ({
		files: [`${h.where}/**`],
		rules: restrict(...away(h.where))
	})),
	{
		files: ['src/routes/**', 'src/lib/components/**'],
		rules: restrict(...away(null), noDb)
	},
	{
		files: ['src/lib/components/map/**'],
		rules: restrict(...away('src/lib/components/map'), noDb)
	},
	{
		// Relative imports out of the domain are checked by scripts/check-imports.mjs.
		files: ['src/lib/domain/**'],
		rules: restrict({
			regex: '^(?!zod$|zod/|\\.)',
			message: 'domain code imports only zod and the domain'
		})
	}
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'static-data/',
			'test-results/',
			'playwright-report/',
			'tests/.tmp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	promise.configs['flat/recommended'],
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['playwright.config.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error'
		}
	},
	...zones
);
