/**
 * Documents are written as a list of blocks — a heading, a paragraph, a table, the closing with signatures, seal
 * and QR code — that `flow` puts on pages. Each block can say how tall it is before it is drawn, so that:
 * - a block that must not break (a table row, the closing) moves whole to the next page when it does not fit;
 * - `keepWithNext` keeps a block on the page of the block after it: a heading with what it heads, and the last
 *   paragraph with the closing — so the seal and signatures are never alone at the top of a page (the rule of
 *   GB/T 9704: the seal's page carries text of the document);
 * - a paragraph starts on a page only when two of its lines fit there (no orphaned first line);
 * - tables break between rows and repeat their header on the next page.
 */
import type { Verification } from './common.js';
import { drawQr } from './qr.js';
import { drawSeal } from './seal.js';
import { FONT_BODY, FONT_LABEL, FONT_TITLE } from './fonts.js';
import { bottom, chineseDate, contentWidth, type Pdf } from './pdf.js';

export interface Block {
  /** The height of the whole block on the current page's width. */
  height(doc: Pdf): number;
  /** What must fit on the current page for the block to start there; all of it unless the block may break. */
  minHeight?(doc: Pdf): number;
  /** Start on the same page as the next block. */
  keepWithNext?: boolean;
  draw(doc: Pdf): void;
}

/** A block, or nothing: an optional part written as `cond && block`. */
export type MaybeBlock = Block | null | undefined | false | '';

/** Put the blocks on pages, in order (empty entries are skipped, for optional parts). */
export function flow(doc: Pdf, blocks: readonly MaybeBlock[]): void {
  const list = blocks.filter((b): b is Block => Boolean(b));
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (list[j]?.keepWithNext && j + 1 < list.length) j++;
    const group = list.slice(i, j + 1);
    const need = group.reduce((sum, b, k) => sum + (k === group.length - 1 ? needed(doc, b) : b.height(doc)), 0);
    if (!makeRoom(doc, need)) {
      // the group is taller than a page: at least start each block where it fits
      for (const b of group) {
        makeRoom(doc, needed(doc, b));
        b.draw(doc);
      }
    } else {
      for (const b of group) b.draw(doc);
    }
    i = j + 1;
  }
}

function needed(doc: Pdf, b: Block): number {
  return b.minHeight ? b.minHeight(doc) : b.height(doc);
}

/**
 * Start a new page unless `need` points fit below the current position. False (and no new page) when `need` is more
 * than a whole page: the caller decides.
 */
export function makeRoom(doc: Pdf, need: number): boolean {
  const top = doc.page.margins.top;
  if (need > bottom(doc) - top) return false;
  if (doc.y + need > bottom(doc) + 0.01 && doc.y > top + 0.5) doc.addPage();
  return true;
}

/* ---------- text ---------- */

export interface TextStyle {
  font?: string;
  size?: number;
  /** first-line indent in characters (Chinese paragraphs: 2) */
  indent?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  lineGap?: number;
  /** space after, in points */
  after?: number;
  color?: string;
  characterSpacing?: number;
  /** left offset from the margin, in points (hanging lists) */
  left?: number;
  keepWithNext?: boolean;
  /** never break over pages (short lines, headings) */
  unbreakable?: boolean;
}

const BODY_SIZE = 12;

function textOptions(doc: Pdf, s: TextStyle): PDFKit.Mixins.TextOptions {
  const size = s.size ?? BODY_SIZE;
  return {
    width: contentWidth(doc) - (s.left ?? 0),
    indent: (s.indent ?? 0) * size,
    align: s.align ?? 'justify',
    lineGap: s.lineGap ?? size * 0.45,
    characterSpacing: s.characterSpacing ?? 0,
  };
}

function setFont(doc: Pdf, s: TextStyle): void {
  doc.font(s.font ?? FONT_BODY).fontSize(s.size ?? BODY_SIZE);
}

/** A paragraph (or a line) of text; breaks over pages unless `unbreakable`. */
export function text(str: string, style: TextStyle = {}): Block {
  const measure = (doc: Pdf, s: string): number => {
    setFont(doc, style);
    return doc.heightOfString(s, textOptions(doc, style));
  };
  return {
    keepWithNext: style.keepWithNext,
    height: (doc) => measure(doc, str) + (style.after ?? 0),
    minHeight: style.unbreakable ? undefined : (doc) => Math.min(measure(doc, str), measure(doc, '一\n一')),
    draw: (doc) => {
      setFont(doc, style);
      const left = doc.page.margins.left + (style.left ?? 0);
      doc.fillColor(style.color ?? 'black');
      doc.text(str, left, doc.y, textOptions(doc, style));
      doc.fillColor('black');
      doc.x = doc.page.margins.left;
      doc.y += style.after ?? 0;
    },
  };
}

/** A body paragraph: indented two characters, justified, space after. */
export function paragraph(str: string, style: TextStyle = {}): Block {
  return text(str, { indent: 2, after: 5, ...style });
}

/** A caption line in 黑体 that stays with what follows. */
export function caption(str: string, style: TextStyle = {}): Block {
  return text(str, { font: FONT_LABEL, size: 12, after: 4, keepWithNext: true, unbreakable: true, ...style });
}

/** A numbered list: each item a hanging paragraph (1. …). */
export function numbered(items: readonly string[], style: TextStyle & { marker?: (i: number) => string } = {}): Block[] {
  const marker = style.marker ?? ((i: number) => `${i + 1}. `);
  return items.map((item, i) => text(`${marker(i)}${item}`, { after: 3, ...style }));
}

/** Empty space. */
export function space(points: number): Block {
  return { height: () => points, minHeight: () => 0, draw: (doc) => void (doc.y = Math.min(doc.y + points, bottom(doc))) };
}

/** The head of a document: the issuing agency, the title, the document number, centred. */
export function heading(h: { agency?: string; title: string; documentNo?: string; agencyColor?: string; rule?: boolean }): Block {
  const parts: Block[] = [];
  if (h.agency) parts.push(text(h.agency, { font: FONT_TITLE, size: 16, align: 'center', after: 6, color: h.agencyColor, unbreakable: true }));
  parts.push(text(h.title, { font: FONT_TITLE, size: 22, align: 'center', after: 6, unbreakable: true }));
  if (h.documentNo) parts.push(text(h.documentNo, { size: 12, align: 'center', after: 4, unbreakable: true }));
  const rule = h.rule ? 6 : 0;
  return {
    keepWithNext: true,
    height: (doc) => parts.reduce((s, p) => s + p.height(doc), 0) + rule + 14,
    draw: (doc) => {
      for (const p of parts) p.draw(doc);
      if (h.rule) {
        doc.save().lineWidth(1.2).strokeColor(h.agencyColor ?? 'black');
        doc.moveTo(doc.page.margins.left, doc.y + 2).lineTo(doc.page.width - doc.page.margins.right, doc.y + 2).stroke();
        doc.restore();
        doc.y += rule;
      }
      doc.y += 14;
    },
  };
}

/* ---------- tables ---------- */

const BORDER = 0.7;

/**
 * A bordered table of caption → value rows (the body of a certificate, the particulars of a receipt). Rows never
 * break; the table breaks between rows.
 */
export function fieldTable(rows: readonly (readonly [string, string])[], opts: { captionWidth?: number; size?: number; pad?: number } = {}): Block {
  return grid(
    [
      { width: opts.captionWidth ?? 110, font: FONT_LABEL, align: 'center' },
      { font: FONT_BODY, align: 'left' },
    ],
    rows.map((r) => [r[0], r[1]]),
    { size: opts.size, pad: opts.pad },
  );
}

export interface Column {
  /** the column's width in points; the columns without one share the rest */
  width?: number;
  font?: string;
  align?: 'left' | 'center' | 'right';
}

/**
 * A bordered grid; `header` (if any) is repeated at the top of every page the table continues on. Rows never
 * break over pages.
 */
export function grid(columns: readonly Column[], rows: readonly (readonly string[])[], opts: { header?: readonly string[]; size?: number; pad?: number } = {}): Block {
  const size = opts.size ?? 11;
  const PAD = opts.pad ?? 5;
  const widths = (doc: Pdf): number[] => {
    const total = contentWidth(doc);
    const fixed = columns.reduce((s, c) => s + (c.width ?? 0), 0);
    const free = columns.filter((c) => c.width === undefined).length;
    return columns.map((c) => c.width ?? (total - fixed) / Math.max(free, 1));
  };
  const rowHeight = (doc: Pdf, cells: readonly string[], header: boolean): number => {
    const w = widths(doc);
    let h = 0;
    cells.forEach((cell, i) => {
      doc.font(header ? FONT_LABEL : (columns[i]?.font ?? FONT_BODY)).fontSize(size);
      h = Math.max(h, doc.heightOfString(cell || ' ', { width: (w[i] ?? 0) - 2 * PAD, lineGap: size * 0.3 }));
    });
    return h + 2 * PAD;
  };
  const drawRow = (doc: Pdf, cells: readonly string[], header: boolean): void => {
    const w = widths(doc);
    const h = rowHeight(doc, cells, header);
    const top = doc.y;
    let x = doc.page.margins.left;
    doc.save().lineWidth(BORDER).strokeColor('black');
    if (header) doc.rect(x, top, contentWidth(doc), h).fill('#eeeeee');
    doc.fillColor('black');
    cells.forEach((cell, i) => {
      const cw = w[i] ?? 0;
      doc.rect(x, top, cw, h).stroke();
      doc.font(header ? FONT_LABEL : (columns[i]?.font ?? FONT_BODY)).fontSize(size);
      const th = doc.heightOfString(cell || ' ', { width: cw - 2 * PAD, lineGap: size * 0.3 });
      // captions and short cells sit in the middle of the row; long text starts at the top
      doc.text(cell, x + PAD, top + Math.max(PAD, (h - th) / 2), { width: cw - 2 * PAD, lineGap: size * 0.3, align: header ? 'center' : (columns[i]?.align ?? 'left') });
      x += cw;
    });
    doc.restore();
    doc.x = doc.page.margins.left;
    doc.y = top + h;
  };
  const header = opts.header;
  return {
    height: (doc) => (header ? rowHeight(doc, header, true) : 0) + rows.reduce((s, r) => s + rowHeight(doc, r, false), 0) + 10,
    minHeight: (doc) => (header ? rowHeight(doc, header, true) : 0) + (rows[0] ? rowHeight(doc, rows[0], false) : 0),
    draw: (doc) => {
      if (header) drawRow(doc, header, true);
      for (const r of rows) {
        const h = rowHeight(doc, r, false);
        if (doc.y + h > bottom(doc) && doc.y > doc.page.margins.top + 0.5) {
          doc.addPage();
          if (header) drawRow(doc, header, true);
        }
        drawRow(doc, r, false);
      }
      doc.y += 10;
    },
  };
}

/* ---------- the closing: signatures, QR code, agency, date, seal ---------- */

export interface ClosingOptions {
  /** the agency whose seal the document carries, written above the date */
  agency: string;
  /** YYYY-MM-DD */
  date: string;
  /** lines for the other party to sign on, at the left (e.g. 申请人（签字）：) */
  signatures?: readonly string[];
  /** the QR code and verification code, at the left under the signatures */
  verification?: Verification;
  /** lines under the agency (e.g. 经办人：…) */
  extra?: readonly string[];
}

const SEAL_R = 54;
const QR_SIDE = 76;
const SIGN_LINE = 26;

/**
 * The closing block of a document: on the right the agency, the date and the seal placeholder over them; on the
 * left the lines to sign and the verification QR code. It never breaks; put `keepWithNext` on the paragraph before
 * it so that it never starts a page alone.
 */
export function closing(o: ClosingOptions): Block {
  const leftHeight = (doc: Pdf): number => {
    let h = (o.signatures?.length ?? 0) * SIGN_LINE;
    if (o.verification) {
      doc.font(FONT_BODY).fontSize(8);
      h += QR_SIDE + 4 + doc.heightOfString(`核验网址：${o.verification.url}`, { width: contentWidth(doc) * 0.55 });
    }
    return h;
  };
  const rightHeight = (): number => 2 * SEAL_R + 8 + (o.extra?.length ?? 0) * 18;
  const gap = 12;
  return {
    height: (doc) => gap + Math.max(leftHeight(doc), rightHeight()) + 6,
    draw: (doc) => {
      const need = gap + Math.max(leftHeight(doc), rightHeight()) + 6;
      makeRoom(doc, need);
      const top = doc.y + gap;
      const left = doc.page.margins.left;
      const width = contentWidth(doc);
      const right = left + width;

      // left column: signature lines, then the QR code with its code
      let y = top;
      doc.font(FONT_BODY).fontSize(12).fillColor('black');
      for (const line of o.signatures ?? []) {
        doc.text(line, left, y + 8, { lineBreak: false });
        y += SIGN_LINE;
      }
      if (o.verification) {
        drawQr(doc, o.verification.url, left - 4, y, QR_SIDE);
        const tx = left + QR_SIDE + 4;
        doc.font(FONT_LABEL).fontSize(10).text('扫码核验', tx, y + 18, { lineBreak: false });
        doc.font(FONT_BODY).fontSize(10).text(`核验码：${o.verification.code}`, tx, y + 32, { lineBreak: false });
        doc.font(FONT_BODY).fontSize(8).text(`核验网址：${o.verification.url}`, left, y + QR_SIDE + 4, { width: width * 0.55 });
      }

      // right column: agency and date, the seal placeholder over them (上压机关名称、下压日期)
      doc.font(FONT_BODY).fontSize(12);
      const date = chineseDate(o.date);
      const textRight = right - 16;
      const agencyY = top + SEAL_R - 16;
      const dateY = agencyY + 24;
      const agencyW = doc.widthOfString(o.agency);
      const dateW = doc.widthOfString(date);
      doc.text(o.agency, textRight - agencyW, agencyY, { lineBreak: false });
      doc.text(date, textRight - dateW, dateY, { lineBreak: false });
      let ey = top + 2 * SEAL_R + 8;
      for (const line of o.extra ?? []) {
        doc.text(line, textRight - doc.widthOfString(line), ey, { lineBreak: false });
        ey += 18;
      }
      const cx = textRight - Math.max(agencyW, dateW) / 2;
      drawSeal(doc, Math.min(cx, right - SEAL_R - 2), top + SEAL_R + 4, SEAL_R, o.agency);

      doc.x = left;
      doc.y = top + Math.max(leftHeight(doc), rightHeight()) + 6;
    },
  };
}

/**
 * The blocks of a document followed by its closing, the last `keep` of them (default 1) kept on the closing's page:
 * so the seal and the signatures always share their page with text of the document. End a document with a paragraph
 * (not a long table) before the closing, so that what moves with it is short; a letter that ends with a closing
 * phrase (此复。) keeps two, so the phrase does not stand alone with the seal.
 */
export function withClosing(blocks: readonly MaybeBlock[], end: Block, keep = 1): Block[] {
  const list = blocks.filter((b): b is Block => Boolean(b));
  for (let i = Math.max(0, list.length - keep); i < list.length; i++) list[i] = { ...(list[i] as Block), keepWithNext: true };
  return [...list, end];
}
