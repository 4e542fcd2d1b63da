import type { Line } from './detect';
import { hereDocument, type Importer } from './importer';

/** `nft list ruleset` output is nft's own input format: it goes back in whole, through `nft -f -`. */
export function importNft(imp: Importer, lines: Line[]): void {
  const body = lines.filter((l) => l.text.trim() !== '');
  if (!body.length) return;
  imp.add('firewall', body[0]!.n, hereDocument('nft -f -', body.map((l) => l.text.trimEnd())));
}
