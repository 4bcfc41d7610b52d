/**
 * The typefaces of the hall's documents, as plain TrueType files from npm (@expo-google-fonts/*), so Chinese PDFs
 * render on a fresh machine with nothing but `npm ci`. pdfkit embeds only the glyphs a document uses (a subset with
 * a ToUnicode map, so the text can be extracted back: search, accessibility, tests), and reads a font file only
 * when a document first uses it.
 *
 * The roles follow the habit of Chinese official documents (GB/T 9704): a 宋体-style serif for the body, a bold
 * serif for titles (in place of 小标宋), a bold sans (黑体) for captions and headings.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Noto Serif SC Regular: the body (宋体). */
export const FONT_BODY = 'body';
/** Noto Serif SC Bold: titles (标宋). */
export const FONT_TITLE = 'title';
/** Noto Sans SC Bold: captions, headings, table headers (黑体). */
export const FONT_LABEL = 'label';
/** Noto Sans SC Regular: small print. */
export const FONT_SANS = 'sans';

/** The names of earlier versions: the regular body font and the bold one. */
export const FONT_REGULAR = FONT_BODY;
export const FONT_BOLD = FONT_TITLE;

type Family = 'noto-serif-sc' | 'noto-sans-sc';
type Weight = '400Regular' | '700Bold';

const FILES: Record<string, [Family, Weight]> = {
  [FONT_BODY]: ['noto-serif-sc', '400Regular'],
  [FONT_TITLE]: ['noto-serif-sc', '700Bold'],
  [FONT_LABEL]: ['noto-sans-sc', '700Bold'],
  [FONT_SANS]: ['noto-sans-sc', '400Regular'],
};

/** The .ttf file of a family and weight, found through the package (no path into node_modules is assumed). */
export function fontFile(family: Family, weight: Weight): string {
  const dir = path.dirname(require.resolve(`@expo-google-fonts/${family}/${weight}/index.js`));
  const stem = family === 'noto-serif-sc' ? 'NotoSerifSC' : 'NotoSansSC';
  return path.join(dir, `${stem}_${weight}.ttf`);
}

/** Register the four roles on a document (by path: pdfkit opens a file only when the document uses it). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, [family, weight]] of Object.entries(FILES)) doc.registerFont(name, fontFile(family, weight));
}
