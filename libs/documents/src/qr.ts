/**
 * The verification QR code, drawn as vector squares from the `qrcode` package's module matrix (`QRCode.create`)
 * rather than placed as a PNG: it stays sharp at any print resolution, takes a few hundred bytes, needs no image
 * decoding, and keeps rendering synchronous and byte-for-byte repeatable. Tests read it back from the rendered page
 * (documents.testing.ts: pdf.js → canvas → jsQR).
 */
import QRCode from 'qrcode';
import type { Pdf } from './pdf.js';

/** Modules of white around the symbol, inside the drawn square (the standard asks 4; the page around adds more). */
const QUIET = 2;

/** The dark modules of `text`'s QR code (error correction M: still reads with 15% of it smudged or stamped over). */
export function qrMatrix(text: string): { size: number; dark: (x: number, y: number) => boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (x, y) => Boolean(modules.get(y, x)) };
}

/** Draw the QR code of `text` as a `side`-point square whose top left corner is (x, y). */
export function drawQr(doc: Pdf, text: string, x: number, y: number, side: number): void {
  const { size, dark } = qrMatrix(text);
  const cell = side / (size + 2 * QUIET);
  doc.save();
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!dark(col, row)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark(col, row)) col++;
      // a hair of overlap so that no seam shows between neighbouring runs in a viewer's anti-aliasing
      doc.rect(x + (QUIET + start) * cell, y + (QUIET + row) * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fill('black');
  doc.restore();
}
