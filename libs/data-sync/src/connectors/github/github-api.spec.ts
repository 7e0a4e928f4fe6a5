import { nextLink } from './github-api';

describe('the Link header', () => {
  it('names the next page among the others', () => {
    expect(
      nextLink(
        '<https://api.github.com/repositories/1/issues?page=2&per_page=100>; rel="next", <https://api.github.com/repositories/1/issues?page=5&per_page=100>; rel="last"',
      ),
    ).toBe('https://api.github.com/repositories/1/issues?page=2&per_page=100');
    expect(nextLink('<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel=next')).toBe('https://x/a?page=3');
    expect(nextLink('<https://x/a?page=1>; rel="first prev"')).toBeNull();
  });

  it('is none on the last page or without the header', () => {
    expect(nextLink('<https://x/a?page=1>; rel="first", <https://x/a?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(undefined)).toBeNull();
  });
});
