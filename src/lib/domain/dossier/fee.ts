import { scopedLookup, type Answers } from './answers';
import type { Fee } from './catalogue';

/**
 * The fee in đồng for these answers and channel; null when the province
 * sets it and the commune has not entered its amount (`localAmountVnd`).
 */
export function feeAmount(
	fee: Fee,
	answers: Answers,
	channel: 'online' | 'in_person',
	localAmountVnd: number | null = null
): number | null {
	switch (fee.kind) {
		case 'none':
			return 0;
		case 'fixed':
			return channel === 'online' ? (fee.onlineAmountVnd ?? fee.amountVnd) : fee.amountVnd;
		case 'provincial':
			return localAmountVnd;
		case 'perPage': {
			const lookup = scopedLookup(answers, new Map());
			const pages = lookup(fee.pagesField);
			const copies = lookup(fee.copiesField);
			if (!Number.isInteger(pages) || !Number.isInteger(copies)) return null;
			const p = Math.max(0, pages as number);
			const perCopy =
				Math.min(p, fee.firstPages) * fee.firstPageVnd +
				Math.max(0, p - fee.firstPages) * fee.nextPageVnd;
			return Math.min(perCopy, fee.maxPerCopyVnd) * Math.max(0, copies as number);
		}
	}
}
