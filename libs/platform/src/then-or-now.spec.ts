import { thenOrNow } from './then-or-now';

describe('thenOrNow', () => {
  it('goes on at once with a plain value, and throws what next throws', () => {
    expect(thenOrNow(2, (n) => n * 3)).toBe(6);
    expect(() =>
      thenOrNow(2, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
  });

  it('goes on after a promise, passing its rejection and next’s failure through as rejections', async () => {
    const later = thenOrNow(Promise.resolve(2), (n) => n * 3);
    expect(later).toBeInstanceOf(Promise);
    await expect(later).resolves.toBe(6);
    await expect(thenOrNow(Promise.reject(new Error('store down')), () => 1)).rejects.toThrow('store down');
    await expect(
      thenOrNow(Promise.resolve(2), () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });
});
