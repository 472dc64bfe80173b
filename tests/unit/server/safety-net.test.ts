import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { SafetyNet } from '../../../sync-server/src/safety-net.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/** A real express server whose routes fail outside express's reach, on a stand-in process. */
async function serve() {
	const proc = new EventEmitter();
	const lines: string[] = [];
	const net = new SafetyNet((l) => lines.push(l));
	net.install(proc);
	const app = express();
	app.use(net.middleware);
	// As a library callback would: the throw surfaces on the process, not in express.
	app.get('/throws', () => {
		setTimeout(() => proc.emit('uncaughtException', new Error('boom in a callback')), 5);
	});
	app.get('/rejects', () => {
		setTimeout(() => proc.emit('unhandledRejection', new Error('nobody awaited')), 5);
	});
	app.get('/ok', (_req, res) => void res.json({ ok: true }));
	const server = app.listen(0);
	await new Promise((resolve) => server.once('listening', resolve));
	closers.push(
		() => server.close(),
		() => net.uninstall()
	);
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, net, lines, proc };
}

describe('SafetyNet', () => {
	it('answers 500 to the request an uncaught exception came from, and keeps serving', async () => {
		const { url, net, lines } = await serve();
		const res = await fetch(`${url}/throws`);
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({ error: 'internal_error', reason: 'internal error' });
		expect(net.count).toBe(1);
		expect(lines[0]).toMatch(/internal error #1 \(uncaughtException, GET \/throws\): Error: boom/);
		expect((await fetch(`${url}/ok`)).status).toBe(200);
	});

	it('does the same for an unhandled rejection', async () => {
		const { url, net } = await serve();
		expect((await fetch(`${url}/rejects`)).status).toBe(500);
		expect(net.count).toBe(1);
	});

	it('logs and counts an exception outside any request, and stops listening when uninstalled', async () => {
		const { net, lines, proc } = await serve();
		proc.emit('uncaughtException', new Error('timer'));
		expect(lines[0]).toContain('no request');
		net.uninstall();
		expect(proc.listenerCount('uncaughtException')).toBe(0);
		expect(net.count).toBe(1);
	});
});
