import { readSettings, settingsProblems } from './google-calendar-settings';

describe('google_calendar settings', () => {
  it('applies defaults and keeps the root URL an origin with a trailing slash', () => {
    expect(readSettings({})).toEqual({
      calendarId: 'primary',
      rootUrl: 'https://www.googleapis.com/',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      windowPastDays: 30,
      pageSize: 250,
    });
    expect(readSettings({ rootUrl: 'http://127.0.0.1:8080', calendarId: 'team@x', windowPastDays: 0, pageSize: 5 })).toEqual({
      calendarId: 'team@x',
      rootUrl: 'http://127.0.0.1:8080/',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      windowPastDays: 0,
      pageSize: 5,
    });
  });

  it('refuses root URLs the client would misuse or that carry secrets', () => {
    for (const rootUrl of [
      'https://user:pw@example.com/',
      'https://example.com/?key=1',
      'https://example.com/calendar',
      'file:///etc',
      'not a url',
      7,
    ])
      expect(settingsProblems({ rootUrl }, { accessToken: 't' })).toEqual([expect.stringMatching(/^settings\.rootUrl: /)]);
  });
});
