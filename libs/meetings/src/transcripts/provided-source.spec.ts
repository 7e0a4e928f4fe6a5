import { MinutesActionItemsRegistry } from './minutes-action-items.registry';
import { MinutesAnalysisRegistry } from './minutes-analysis.registry';

describe('ProvidedSource', () => {
  it('answers with nothing until a module provides the source, then asks it', async () => {
    const items = new MinutesActionItemsRegistry();
    await expect(items.forMeeting('m1')).resolves.toEqual([]);
    items.provide((meetingId) => Promise.resolve([{ title: `for ${meetingId}`, status: 'open' }]));
    await expect(items.forMeeting('m1')).resolves.toEqual([{ title: 'for m1', status: 'open' }]);
  });

  it('refuses a second source, naming what it is for', () => {
    const analysis = new MinutesAnalysisRegistry();
    analysis.provide(() => Promise.resolve(null));
    expect(() => analysis.provide(() => Promise.resolve(null))).toThrow("the minutes' analysis already has a source");
  });
});
