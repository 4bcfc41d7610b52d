/**
 * Reading a rendered PDF back as a person or a phone would — for the tests only (`*.testing.ts` is left out of the
 * build): the text as pdf.js extracts it, page by page, and the QR code decoded from the PAGE AS RENDERED (pdf.js
 * draws the page on a @napi-rs/canvas, jsQR reads the pixels), not from an embedded image.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the default import is the module itself
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

// pdf.js (inside unpdf) uses ArrayBuffer.prototype.transferToFixedLength (Node 21+) to draw text; Node 20 lacks it.
// A copy does what pdf.js needs (it never reuses the old buffer).
const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
if (typeof proto.transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length: number = this.byteLength): ArrayBuffer {
      const out = new ArrayBuffer(length);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return out;
    },
  });
}

/** The text of each page, without the spaces and line breaks the layout puts into long sentences. */
export async function pageTexts(pdf: Buffer): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text.map((t) => t.replace(/\s+/g, ''));
}

/** The text of the whole document, without spaces and line breaks. */
export async function textOf(pdf: Buffer): Promise<string> {
  return (await pageTexts(pdf)).join('');
}

/** The page rendered as a PNG (scale 2: 1190 × 1684 pixels for A4). */
export async function renderPage(pdf: Buffer, page: number, scale = 2): Promise<Buffer> {
  const png = await renderPageAsImage(new Uint8Array(pdf), page, { scale, canvasImport: () => import('@napi-rs/canvas') });
  return Buffer.from(png);
}

/** What the QR code on the rendered page says (null when none can be read). */
export async function decodeQr(pdf: Buffer, page = 1): Promise<string | null> {
  const image = await loadImage(await renderPage(pdf, page));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data ?? null;
}
