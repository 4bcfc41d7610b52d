/** The materials of the items an application asks for, as the clerk's checklist. */
export interface CatalogueMaterial {
  code: string;
  name: string;
  required: boolean;
  forms: string[];
}

export interface CatalogueItemLike {
  code: string;
  name: string;
  materials: CatalogueMaterial[];
}

export interface ChecklistEntry extends CatalogueMaterial {
  /** the item it belongs to */
  itemCode: string;
  itemName: string;
}

/** Every material of the chosen items, in the order of the items, required ones first within each item. */
export function checklistFor(items: readonly CatalogueItemLike[], chosen: readonly string[]): ChecklistEntry[] {
  return chosen.flatMap((code) => {
    const item = items.find((i) => i.code === code);
    if (!item) return [];
    const ordered = [...item.materials.filter((m) => m.required), ...item.materials.filter((m) => !m.required)];
    return ordered.map((m) => ({ ...m, itemCode: item.code, itemName: item.name }));
  });
}

/** The required materials the clerk has not ticked (the pre-check will list them as missing). */
export function missingRequired(list: readonly ChecklistEntry[], ticked: ReadonlySet<string>): ChecklistEntry[] {
  return list.filter((m) => m.required && !ticked.has(m.code));
}
