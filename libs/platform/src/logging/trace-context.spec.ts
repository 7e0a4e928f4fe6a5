import { parseTraceparent } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a valid header', () => {
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT}-01`)).toEqual({ traceId: TRACE_ID, parentSpanId: PARENT, sampled: true });
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT}-00`)?.sampled).toBe(false);
  });

  it('accepts later versions with extra fields, as the spec asks', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT}-01-what-comes-next`)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['version ff', `ff-${TRACE_ID}-${PARENT}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${PARENT}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${PARENT}-01`],
    ['extra fields on version 00', `00-${TRACE_ID}-${PARENT}-01-extra`],
    ['junk', 'not a traceparent'],
  ])('ignores %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});
