/**
 * The page every document of the hall is printed on: A4, Chinese fonts (./fonts.ts), 第x页 共y页 on every page,
 * an optional certificate frame — and the same bytes for the same data.
 *
 * Determinism: pdfkit writes the time of rendering as the document's CreationDate and derives the file ID (the
 * trailer's /ID) from its info dictionary. Here CreationDate and ModDate are the document's own date (the data's
 * issue date, midnight in China), so the info, the ID and therefore every byte follow from the data alone; font
 * subsets are named after the font's order of use, not at random. Rendering the same data twice gives identical
 * buffers (pdf.spec.ts proves it), so a kept PDF can always be rendered again for comparison.
 */
import type PDFKitDocument from 'pdfkit';
import { FONT_BODY, registerFonts } from './fonts.js';

export type Pdf = PDFKit.PDFDocument;

/** A4 with the margins of the hall's documents (points; the page is 595.28 × 841.89). */
export const MARGINS = Object.freeze({ top: 64, bottom: 72, left: 72, right: 72 });

/** The date written into documents rendered without one (only tests and old callers): fixed, never the clock. */
const UNDATED = '2000-01-01';

export interface PdfMeta {
  /** the document's title (its name, e.g. 受理通知书), in the file's properties */
  title: string;
  /** e.g. the document number */
  subject?: string;
  /**
   * The document's date (YYYY-MM-DD, the date it bears): the file's CreationDate and ModDate, midnight in China.
   * Never the time of rendering, so the same data gives the same bytes.
   */
  date?: string;
  /** the issuing agency, in the file's properties */
  author?: string;
  /** draw a double frame around every page (certificates) */
  frame?: boolean;
}

let pdfKit: Promise<typeof PDFKitDocument> | undefined;

/**
 * pdfkit (with fontkit, its font tables and a brotli decoder) loaded at the first document rather than at start:
 * most processes that can print never do, and each would carry some megabytes of it for nothing (issue 15, idle
 * memory).
 */
function loadPdfKit(): Promise<typeof PDFKitDocument> {
  pdfKit ??= import('pdfkit').then((m) => m.default);
  return pdfKit;
}

/** Render an A4 PDF: `draw` writes on the document (body font, 12 pt); page numbers and frames are added after. */
export async function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => void): Promise<Buffer> {
  const date = chinaMidnight(meta.date ?? UNDATED);
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...MARGINS },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject ?? meta.title,
      ...(meta.author ? { Author: meta.author } : {}),
      Creator: 'Yichuang 一窗',
      Producer: 'Yichuang 一窗',
      CreationDate: date,
      ModDate: date,
    },
  });
  registerFonts(doc);
  doc.font(FONT_BODY).fontSize(12);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
    decoratePages(doc, meta.frame === true);
  } finally {
    doc.end();
  }
  return done;
}

/** 第x页 共y页 at the foot of every page, and the frame of a certificate. */
function decoratePages(doc: Pdf, frame: boolean): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    if (frame) {
      doc.save();
      doc.lineWidth(2).strokeColor('#8b1a1a').rect(36, 36, width - 72, height - 72).stroke();
      doc.lineWidth(0.6).rect(42, 42, width - 84, height - 84).stroke();
      doc.restore();
    }
    const label = pageLabel(i - start + 1, count);
    doc.font(FONT_BODY).fontSize(10.5).fillColor('black');
    doc.text(label, (width - doc.widthOfString(label)) / 2, height - MARGINS.bottom + (frame ? 14 : 26), { lineBreak: false });
  }
}

/** 第1页 共2页 */
export function pageLabel(page: number, pages: number): string {
  return `第${page}页 共${pages}页`;
}

/** The bottom of the writing area of the current page. */
export function bottom(doc: Pdf): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** The writing width of the current page. */
export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** 00:00 of a date (or of an instant's date) in China (UTC+8, no daylight saving). */
function chinaMidnight(isoDate: string): Date {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${isoDate}`);
  return d;
}

/** 2026-11-26 → 2026年11月26日 */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** An instant → its time in China: 2026-11-26T06:05:00Z → 2026年11月26日 14:05 */
export function chineseDateTime(instant: string): string {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  const t = new Date(ms + 8 * 3_600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (for 一、二、 and （一）（二）; beyond 99, Arabic digits). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** Fill `{name}` placeholders of a template; an unknown name is left as it is (a template error shows). */
export function fill(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
}
