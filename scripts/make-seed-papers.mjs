// Draws the demo commune's document photos once, in Chromium, as the phone's pipeline would hand
// them over (JPEG, no metadata): `node scripts/make-seed-papers.mjs` rewrites
// sync-server/src/seed/papers/*.jpg. They are made-up papers with no real person on them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/chromium.ts';

const OUT = fileURLToPath(new URL('../sync-server/src/seed/papers/', import.meta.url));
const PAPERS = {
	'giay-xac-nhan': 'GIẤY XÁC NHẬN',
	'to-khai': 'TỜ KHAI',
	'ban-sao': 'BẢN SAO'
};

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
	const page = await browser.newPage();
	for (const [name, title] of Object.entries(PAPERS)) {
		const bytes = await page.evaluate(async (title) => {
			const c = new OffscreenCanvas(900, 1200);
			const g = c.getContext('2d');
			g.fillStyle = '#b9b2a4';
			g.fillRect(0, 0, 900, 1200);
			g.fillStyle = '#f7f4ec';
			g.fillRect(60, 60, 780, 1080);
			g.fillStyle = '#1d2630';
			g.font = 'bold 30px serif';
			g.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 130, 140);
			g.font = '24px serif';
			g.fillText('Độc lập - Tự do - Hạnh phúc', 300, 180);
			g.font = 'bold 44px serif';
			g.fillText(title, 450 - g.measureText(title).width / 2, 290);
			for (let y = 360; y < 1040; y += 48) g.fillRect(120, y, 560 + ((y * 7) % 100), 6);
			g.fillText('(mẫu minh hoạ)', 300, 1100);
			const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.6 });
			return Array.from(new Uint8Array(await blob.arrayBuffer()));
		}, title);
		writeFileSync(join(OUT, `${name}.jpg`), Buffer.from(bytes));
		console.log(`${name}.jpg: ${bytes.length} bytes`);
	}
} finally {
	await browser.close();
}
