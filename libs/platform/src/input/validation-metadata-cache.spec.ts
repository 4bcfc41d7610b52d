import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsOptional, IsString, Length, Min, ValidateNested, validate } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { memoiseValidationMetadata } from './validation-metadata-cache.js';

class Base {
  @IsString()
  id!: string;
}
class Line {
  @IsInt()
  @Min(1)
  quantity!: number;
  @IsString({ groups: ['strict'] })
  note?: string;
}
class Order extends Base {
  @Length(2, 4)
  code!: string;
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];
}

const messages = async (value: object, groups?: string[]) =>
  (await validate(plainToInstance(Order, value), groups ? { groups } : {}))
    .flatMap(function walk(e): string[] {
      return [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(walk)];
    })
    .sort();

describe('memoised class-validator metadata', () => {
  const bad = { id: 7, code: 'x', lines: [{ quantity: 0, note: 3 }, { quantity: 'a' }] };
  const good = { id: 'o1', code: 'AB', lines: [{ quantity: 2, note: '加急' }] };

  it('finds the same problems as the library, inherited rules and groups included, before and after', async () => {
    const before = [await messages(bad), await messages(bad, ['strict']), await messages(good)];
    expect(before[0]).toEqual(expect.arrayContaining(['id must be a string', 'code must be longer than or equal to 2 characters', 'quantity must not be less than 1']));
    // another group, other rules: the options are part of what is remembered
    expect(before[1]).toEqual(['an unknown value was passed to the validate function']);
    expect(before[2]).toEqual([]);
    memoiseValidationMetadata();
    memoiseValidationMetadata(); // idempotent
    for (let i = 0; i < 2; i++) expect([await messages(bad), await messages(bad, ['strict']), await messages(good)]).toEqual(before);
    // looked up once: the same list again, not a new walk over every class
    const storage = getMetadataStorage();
    expect(storage.getTargetValidationMetadatas(Order, '', false, false)).toBe(storage.getTargetValidationMetadatas(Order, '', false, false));
  });

  it('a rule registered after the first lookups is seen', async () => {
    memoiseValidationMetadata();
    class Late {
      @IsString()
      name!: string;
    }
    expect(await validate(plainToInstance(Late, { name: 1 }))).toHaveLength(1);
    // a class declared later, extending one already looked up: its own and the inherited rules
    class Later extends Late {
      @IsOptional()
      @IsInt()
      age?: number;
    }
    const errors = await validate(plainToInstance(Later, { name: 1, age: 'x' }));
    expect(errors.map((e) => e.property).sort()).toEqual(['age', 'name']);
  });
});
