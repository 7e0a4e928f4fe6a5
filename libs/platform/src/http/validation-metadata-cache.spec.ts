import { getMetadataStorage, IsInt, IsString, MaxLength, Min, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

const messages = async (object: object, groups?: string[]) =>
  (await validate(object, { groups })).flatMap((error) => Object.values(error.constraints ?? {})).sort();

class Page {
  @IsInt()
  @Min(1)
  limit!: unknown;

  @IsString({ groups: ['strict'] })
  cursor?: unknown;
}

const cases: [object, string[] | undefined][] = [
  [Object.assign(new Page(), { limit: 0, cursor: 5 }), undefined],
  [Object.assign(new Page(), { limit: 'x', cursor: 5 }), ['strict']],
  [Object.assign(new Page(), { limit: 2 }), undefined],
  [Object.assign(new Page(), { limit: 2, cursor: 'c' }), ['other']],
];

describe('cacheValidationMetadata', () => {
  const storage = getMetadataStorage();
  let before: string[][];
  beforeAll(async () => {
    before = await Promise.all(cases.map(([object, groups]) => messages(object, groups)));
    cacheValidationMetadata(storage);
    cacheValidationMetadata(storage); // idempotent
  });

  it('validates as it did without the cache, with and without groups', async () => {
    expect(before.flat()).toContain('limit must not be less than 1');
    expect(await Promise.all(cases.map(([object, groups]) => messages(object, groups)))).toEqual(before);
    // Twice: the second time from the cache.
    expect(await Promise.all(cases.map(([object, groups]) => messages(object, groups)))).toEqual(before);
  });

  it('answers a repeated lookup with the same frozen list, and different options with their own', () => {
    const first = storage.getTargetValidationMetadatas(Page, '', false, false);
    expect(storage.getTargetValidationMetadatas(Page, '', false, false)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    const strict = storage.getTargetValidationMetadatas(Page, '', false, false, ['strict']);
    expect(strict).not.toBe(first);
    expect(strict.map((m) => m.propertyName)).toEqual(['cursor']);
  });

  it('sees rules registered after a lookup was cached, on new classes and on subclasses', async () => {
    await messages(Object.assign(new Page(), { limit: 1 }));
    class Search extends Page {
      @IsString()
      @MaxLength(3)
      q!: unknown;
    }
    expect(await messages(Object.assign(new Search(), { limit: 0, cursor: 'c', q: 'long' }))).toEqual([
      'limit must not be less than 1',
      'q must be shorter than or equal to 3 characters',
    ]);
    expect(await messages(Object.assign(new Page(), { limit: 1 }))).toEqual(['cursor must be a string']);
    // A rule added to a class whose lookup is already cached.
    IsString()(Page.prototype, 'label');
    expect(await messages(Object.assign(new Page(), { limit: 1, cursor: 'c', label: 3 }))).toEqual(['label must be a string']);
  });
});
