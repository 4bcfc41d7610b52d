/**
 * Where the bytes of electronic materials live (电子材料存储). Keys are made by the caller from ids it generated
 * (`applications/<uuid>/<uuid>`), never from anything a client sent; adapters refuse any other shape.
 */
export abstract class ObjectStorage {
  abstract readonly kind: 'fs' | 's3';
  /** Store the bytes whole under the key: a reader never sees a half-written object. */
  abstract put(key: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  abstract get(key: string): Promise<Buffer | null>;
  /** Remove the object; removing one that is not there is no error. */
  abstract delete(key: string): Promise<void>;
}

/** a storage key: lower-case hex/uuid segments and dashes separated by `/` (no `..`, no leading `/`) */
const KEY = /^[a-z0-9][a-z0-9-]{0,63}(\/[a-z0-9][a-z0-9-]{0,63}){0,7}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}
