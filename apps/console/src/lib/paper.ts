/** Paper custody at the window (纸质材料流转): where each original is, its movements, what is still out. */
import { PAPER_MOVEMENT_TEXT, type PaperMovement } from '@yichuang/domain';
import { chineseDate } from './deadline';
import { portalRef } from './portal';

/** One paper material as `GET /api/v1/applications/{id}/paper` and `GET /api/v1/paper/outstanding` answer it. */
export interface PaperFile {
  applicationId: string;
  caseNo?: string;
  materialCode: string;
  name: string;
  location: string;
  holder?: string;
  since: string;
  movements: { at: string; by: string; action: PaperMovement; to?: string; location?: string; note?: string }[];
}

/** What the clerk typed to find an application: its number (a UUID) or the case number after acceptance. */
export const lookupRef = portalRef;

/** `2026-12-07T03:04:00Z` → `2026年12月7日 11:04` (China time, the hall's) */
export function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${chineseDate(d.toISOString().slice(0, 10))} ${hh}:${mm}`;
}

/** Where the original is now: kept at a place of the hall, or out with a person since a moment. */
export function whereText(f: Pick<PaperFile, 'holder' | 'location' | 'since'>): string {
  return f.holder ? `已移交 ${f.holder}（${chinaTime(f.since)}起）` : `在库：${f.location}`;
}

/** How long a handed-over original has been out, for people: `不足1小时`, `5小时`, `2天3小时`. */
export function outForText(since: string, now: Date): string {
  const hours = Math.floor((now.getTime() - Date.parse(since)) / 3600_000);
  if (!(hours >= 1)) return '不足1小时';
  if (hours < 24) return `${hours}小时`;
  const rest = hours % 24;
  return `${Math.floor(hours / 24)}天${rest ? `${rest}小时` : ''}`;
}

/** Out for a working day or longer: shown in the alarm colour (paper must not stay out of the hall's custody). */
export function outLong(since: string, now: Date): boolean {
  return now.getTime() - Date.parse(since) >= 24 * 3600_000;
}

/** One movement as a line of the material's history: `2026年12月7日 11:04 移交 zrzy1（clerk1）：审查用`. */
export function movementText(m: PaperFile['movements'][number]): string {
  const what = m.action === 'handed_over' ? `${PAPER_MOVEMENT_TEXT[m.action]}给 ${m.to ?? ''}` : `${PAPER_MOVEMENT_TEXT[m.action]}${m.location ? `，存放于${m.location}` : ''}`;
  return `${chinaTime(m.at)} ${what}（经办：${m.by}）${m.note ? `：${m.note}` : ''}`;
}

/** The materials of `files` that can be handed over (in custody) and those that can be taken back (out). */
export function splitCustody(files: readonly PaperFile[]): { inHall: PaperFile[]; out: PaperFile[] } {
  return { inHall: files.filter((f) => !f.holder), out: files.filter((f) => Boolean(f.holder)) };
}
