/**
 * The place of the issuing agency's seal, drawn as a circular seal PLACEHOLDER: a red ring, a star, the agency's
 * name along the upper arc and 电子印章占位 ("electronic seal placeholder") under the star. It shows where the seal
 * goes and whose it is; it is not a seal and imitates no real one (no serial number, no 专用章 wording). A real
 * electronic seal (GB/T 38540 signature) is applied to the PDF by the agency's sealing system, outside this library.
 */
import { FONT_BODY, FONT_TITLE } from './fonts.js';
import type { Pdf } from './pdf.js';

export const SEAL_RED = '#c8161d';
export const SEAL_PLACEHOLDER_TEXT = '电子印章占位';

/** Draw the placeholder centred on (cx, cy) with radius r; the document's position and colours are left as they were. */
export function drawSeal(doc: Pdf, cx: number, cy: number, r: number, agency: string): void {
  const { x, y } = doc;
  const ring = Math.max(1.5, r * 0.045);
  doc.save();
  // ink, not paint: what it is stamped over still shows through
  doc.opacity(0.85);
  doc.lineWidth(ring).strokeColor(SEAL_RED).fillColor(SEAL_RED);
  doc.circle(cx, cy, r - ring / 2).stroke();

  // the five-pointed star in the middle
  const outer = r * 0.28;
  const inner = outer * 0.382;
  const points: [number, number][] = [];
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...points).fill(SEAL_RED);

  // the agency's name along the upper arc, evenly spread, each character upright towards the centre
  const chars = Array.from(agency);
  const n = chars.length;
  if (n > 0) {
    doc.font(FONT_TITLE);
    const font = (doc as unknown as { _font: { ascender: number } })._font;
    let size = r * 0.24;
    const middle = (): number => r - ring * 1.5 - 1.5 - size * 0.5; // the radius of the characters' middles
    const span = n === 1 ? 0 : Math.min((210 * Math.PI) / 180, ((28 * Math.PI) / 180) * (n - 1));
    const step = n === 1 ? 0 : span / (n - 1);
    // a long name: smaller characters, so that neighbours never touch
    if (n > 1 && size * 1.1 > step * middle()) size = (step * (r - ring * 1.5 - 1.5)) / (1.1 + step * 0.5);
    doc.fontSize(size);
    // pdfkit places a line's top at y and its baseline one ascender lower; a CJK glyph's middle is ~0.38 em above the baseline
    const centreBelowTop = ((font.ascender ?? 1000) / 1000) * size - 0.38 * size;
    chars.forEach((ch, i) => {
      const angle = -span / 2 + i * step;
      const w = doc.widthOfString(ch);
      doc.save();
      doc.translate(cx + middle() * Math.sin(angle), cy - middle() * Math.cos(angle));
      doc.rotate((angle * 180) / Math.PI);
      doc.text(ch, -w / 2, -centreBelowTop, { lineBreak: false });
      doc.restore();
    });
  }

  // what it is, under the star
  const small = r * 0.13;
  doc.font(FONT_BODY).fontSize(small);
  const label = SEAL_PLACEHOLDER_TEXT;
  doc.text(label, cx - doc.widthOfString(label) / 2, cy + outer + small * 0.4, { lineBreak: false });
  doc.restore();
  doc.fillColor('black').strokeColor('black');
  doc.x = x;
  doc.y = y;
}
