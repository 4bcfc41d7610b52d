import { getMetadataStorage } from 'class-validator';

interface Storage {
  getTargetValidationMetadatas(target: Function, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): unknown[];
  groupByPropertyName(metadata: unknown[]): Record<string, unknown[]>;
  addValidationMetadata(metadata: unknown): void;
  __ycMemoised?: boolean;
}

/**
 * class-validator (0.15.1) looks a class's rules up again on every `validate()` of every object, nested ones too, and
 * for the inherited rules walks every class it knows with `instanceof` — with the contracts' several hundred DTO
 * classes that lookup was the hottest function of the gateway and of every event consumer (issue 15's profiles,
 * docs/architecture.md). The rules are fixed once the classes are loaded, so both lookups are memoised here (per
 * class and options; the grouping per looked-up list); registering a rule later (a class loaded late) empties the
 * memo. Results are the library's own, computed once; nothing in the library mutates them. Idempotent.
 */
export function memoiseValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage.__ycMemoised) return;
  storage.__ycMemoised = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let byTarget = new WeakMap<Function, Map<string, unknown[]>>();
  let grouped = new WeakMap<unknown[], Record<string, unknown[]>>();
  storage.addValidationMetadata = (metadata) => {
    byTarget = new WeakMap();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // plain objects and schemas are rare here; they go to the library each time
    if (typeof target !== 'function' || target === Object) return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema ?? ''}\u0000${always ? 1 : 0}${strictGroups ? 1 : 0}\u0000${groups?.join('\u0001') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let g = grouped.get(metadata);
    if (!g) grouped.set(metadata, (g = group(metadata)));
    return g;
  };
}
