import { readSettings, validateSettings } from './github-settings';

const token = { token: 'ghp_abcdefghijklmnop' };

describe('github settings', () => {
  it('accepts a repository with a token, an assignee map and labels', () => {
    expect(
      validateSettings(
        { owner: 'acme', repo: 'road.map', apiUrl: 'https://ghe.example.com/api/v3', assignees: { 'a@x.io': 'ada' }, labels: ['quorum'] },
        token,
      ),
    ).toEqual([]);
  });

  it('names each problem by its field', () => {
    const problems = validateSettings(
      {
        owner: 'acme/evil',
        repo: '..',
        apiUrl: 'ftp://x',
        assignees: { 'not-an-email': 'ada', 'b@x.io': 'has space' },
        labels: [''],
        extra: 1,
      },
      { token: 'has space', password: 'x' },
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'settings.extra: is not a setting of a github source',
        expect.stringMatching(/^settings\.owner: /),
        expect.stringMatching(/^settings\.repo: /),
        expect.stringMatching(/^settings\.apiUrl: /),
        expect.stringMatching(/^settings\.assignees: "not-an-email"/),
        expect.stringMatching(/^settings\.assignees\.b@x\.io: /),
        expect.stringMatching(/^settings\.labels: /),
        'credentials.password: is not a credential of a github source',
        expect.stringMatching(/^credentials\.token: must be/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('has space');
  });

  it('refuses one login for two addresses (pulling could not map it back), a URL with a password, and no token', () => {
    expect(validateSettings({ owner: 'a', repo: 'b', assignees: { 'a@x.io': 'ada', 'b@x.io': 'ADA' } }, token)).toEqual([
      'settings.assignees: the login ADA is given for both a@x.io and b@x.io; keep one',
    ]);
    expect(validateSettings({ owner: 'a', repo: 'b', apiUrl: 'https://u:p@x.io' }, token)).toEqual([
      'settings.apiUrl: must not carry a user name or password (give the token as a credential)',
    ]);
    expect(validateSettings({ owner: 'a', repo: 'b' }, null)).toEqual([expect.stringMatching(/^credentials\.token: .* is required$/)]);
  });

  it('reads defaults and maps both ways without regard to case', () => {
    const s = readSettings({ owner: 'a', repo: 'b', assignees: { 'Ada@X.io': 'Ada-L' } });
    expect(s.apiUrl).toBe('https://api.github.com');
    expect(s.loginByEmail.get('ada@x.io')).toBe('Ada-L');
    expect(s.emailByLogin.get('ada-l')).toBe('ada@x.io');
    expect(readSettings({ owner: 'a', repo: 'b', apiUrl: 'http://127.0.0.1:9/api/v3/' }).apiUrl).toBe('http://127.0.0.1:9/api/v3');
  });
});
