import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC as plain TrueType files from npm (@expo-google-fonts/noto-sans-sc), so Chinese PDFs render
 * on a fresh machine with nothing but `npm ci`. pdfkit embeds only the glyphs used (small files) with a
 * ToUnicode map, so the text can be extracted back (search, accessibility, tests).
 */
function fontPath(weight: '400Regular' | '700Bold'): string {
  const pkg = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/index.js'));
  return path.join(pkg, '..', weight, `NotoSansSC_${weight}.ttf`);
}

export const FONT_REGULAR = 'regular';
export const FONT_BOLD = 'bold';

export type Pdf = PDFKit.PDFDocument;

/** Render an A4 PDF; `draw` writes on the document, which starts with the regular Chinese font. */
export async function renderPdf(meta: { title: string; subject?: string }, draw: (doc: Pdf) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 72, right: 72 }, info: { Title: meta.title, Subject: meta.subject ?? meta.title, Producer: 'Yichuang 一窗' }, bufferPages: true });
  doc.registerFont(FONT_REGULAR, fontPath('400Regular'));
  doc.registerFont(FONT_BOLD, fontPath('700Bold'));
  doc.font(FONT_REGULAR);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** A centred title, the document number under it. */
export function heading(doc: Pdf, agency: string, title: string, documentNo?: string): void {
  doc.font(FONT_BOLD).fontSize(16).text(agency, { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(20).text(title, { align: 'center' });
  if (documentNo) {
    doc.moveDown(0.3);
    doc.font(FONT_REGULAR).fontSize(11).text(documentNo, { align: 'center' });
  }
  doc.moveDown(1);
  doc.font(FONT_REGULAR).fontSize(12);
}

export function paragraph(doc: Pdf, text: string, opts: { indent?: boolean; bold?: boolean } = {}): void {
  doc.font(opts.bold ? FONT_BOLD : FONT_REGULAR).fontSize(12).text(text, { indent: opts.indent === false ? 0 : 24, lineGap: 4, align: 'justify' });
  doc.moveDown(0.4);
  doc.font(FONT_REGULAR);
}

export function rows(doc: Pdf, pairs: [string, string][]): void {
  for (const [k, v] of pairs) {
    doc.font(FONT_BOLD).fontSize(12).text(`${k}：`, { continued: true }).font(FONT_REGULAR).text(v, { lineGap: 3 });
  }
  doc.moveDown(0.5);
}

/** Seal and signature areas at the bottom of a notice. */
export function sealArea(doc: Pdf, agency: string, date: string, withApplicantSignature = true): void {
  doc.moveDown(1.5);
  if (withApplicantSignature) doc.text('申请人（签字）：____________', { align: 'left' });
  doc.moveDown(0.5);
  doc.text(`${agency}（印章）`, { align: 'right' });
  doc.text(chineseDate(date), { align: 'right' });
}

/** 2026-11-26 → 2026年11月26日 */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
