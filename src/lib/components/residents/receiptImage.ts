/** Draws the receipt text as a PNG, for sharing as an image on Zalo (what residents keep and forward). */
export async function receiptPng(text: string): Promise<Blob | null> {
	const width = 720;
	const pad = 32;
	const lineHeight = 34;
	const canvas = document.createElement('canvas');
	const g = canvas.getContext('2d');
	if (!g) return null;
	g.font = '24px system-ui, "Noto Sans", Arial, sans-serif';
	const lines: string[] = [];
	for (const para of text.split('\n')) {
		let line = '';
		for (const word of para.split(' ')) {
			const next = line ? `${line} ${word}` : word;
			if (g.measureText(next).width > width - 2 * pad && line) {
				lines.push(line);
				line = word;
			} else line = next;
		}
		lines.push(line);
	}
	canvas.width = width;
	canvas.height = pad * 2 + lines.length * lineHeight;
	g.fillStyle = '#ffffff';
	g.fillRect(0, 0, canvas.width, canvas.height);
	g.fillStyle = '#1b1f23';
	g.font = '24px system-ui, "Noto Sans", Arial, sans-serif';
	g.textBaseline = 'top';
	lines.forEach((l, i) => {
		g.font = i === 0 ? 'bold 24px system-ui, "Noto Sans", Arial, sans-serif' : g.font;
		g.fillText(l, pad, pad + i * lineHeight);
		if (i === 0) g.font = '24px system-ui, "Noto Sans", Arial, sans-serif';
	});
	return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}
