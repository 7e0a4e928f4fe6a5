/** A failure the run reports as its reason: what an operator can act on (HTTP status, DNS, refused URL, bad data). */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';

  constructor(
    message: string,
    /** Whether trying again later could go differently (timeouts, 5xx, 429). */
    readonly retryable = false,
  ) {
    super(message);
  }
}
