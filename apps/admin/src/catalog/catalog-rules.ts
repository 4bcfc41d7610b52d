import type { ErrorDetail, ItemFees, ItemKind, MaterialView, Stage } from '@yichuang/contracts';

/** What the catalogue rules look at of an item (materials with catalogue-wide codes `<item>-<Mnn>`). */
export interface ItemState {
  code: string;
  name: string;
  stage: Stage;
  departmentCode: string;
  kind: ItemKind;
  legalDays: number;
  promisedDays: number;
  materials: MaterialView[];
  fees: ItemFees;
}

export interface CatalogContext {
  /** the other active items */
  others: ItemState[];
  /** codes of items whose creation is scheduled (a prerequisite may name one) */
  scheduledCodes: string[];
  departments: ReadonlySet<string>;
}

/**
 * Every problem of an item as a change would leave it (the contract's VALIDATION_FAILED lists them all): limits,
 * materials, fees, department, and 前置事项 — a material that is another item's result must name an item of the
 * catalogue, not the item itself, and no chain of prerequisites may lead back to the item (none could ever be had).
 */
export function catalogProblems(item: ItemState, ctx: CatalogContext): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!ctx.departments.has(item.departmentCode)) problems.push({ field: 'departmentCode', problem: `unknown department ${item.departmentCode}` });
  if (item.promisedDays > item.legalDays && item.legalDays > 0) problems.push({ field: 'promisedDays', problem: 'must not exceed the legal limit' });
  if (item.kind === 'promised' && item.promisedDays < 1) problems.push({ field: 'promisedDays', problem: 'a promised item needs a promised limit of at least 1 working day' });
  if (!item.materials.some((m) => m.required)) problems.push({ field: 'materials', problem: 'at least one material must be required' });
  if (new Set(item.materials.map((m) => m.code)).size !== item.materials.length) problems.push({ field: 'materials', problem: 'material codes must be unique' });
  if (!item.fees.free && (item.fees.amount === undefined || !item.fees.basis)) problems.push({ field: 'fees', problem: 'a fee needs its amount and its basis (收费依据)' });
  if (item.fees.free && item.fees.amount !== undefined) problems.push({ field: 'fees.amount', problem: 'a free item has no amount' });
  const known = new Map(ctx.others.map((o) => [o.code, o]));
  item.materials.forEach((m, i) => {
    if (!m.resultOfItem) return;
    if (m.resultOfItem === item.code) problems.push({ field: `materials[${i}].resultOfItem`, problem: 'an item cannot be its own prerequisite' });
    else if (!known.has(m.resultOfItem) && !ctx.scheduledCodes.includes(m.resultOfItem)) problems.push({ field: `materials[${i}].resultOfItem`, problem: `unknown approval item ${m.resultOfItem}` });
    else if (leadsBackTo(item.code, m.resultOfItem, known)) problems.push({ field: `materials[${i}].resultOfItem`, problem: `${m.resultOfItem} needs, through its own prerequisites, the result of ${item.code}: a circle` });
  });
  return problems;
}

/** Whether `from`'s prerequisites, followed through the catalogue, reach `target`. */
function leadsBackTo(target: string, from: string, items: ReadonlyMap<string, ItemState>): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const code = stack.pop() as string;
    if (code === target) return true;
    if (seen.has(code)) continue;
    seen.add(code);
    for (const m of items.get(code)?.materials ?? []) if (m.resultOfItem) stack.push(m.resultOfItem);
  }
  return false;
}

/** The materials a change takes away from an item (by catalogue-wide code). */
export function materialsRemoved(before: ItemState, after: ItemState): MaterialView[] {
  const kept = new Set(after.materials.map((m) => m.code));
  return before.materials.filter((m) => !kept.has(m.code));
}
