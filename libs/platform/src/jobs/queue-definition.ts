/** A queue's name (lower-case letters, digits and dashes: it is part of Redis keys and a metrics label) and its jobs' defaults. */
export interface QueueDefinition {
  name: string;
  /** Attempts per job before it fails for good (default 5). */
  attempts?: number;
  /** The first retry waits about this long, each later one twice the one before (default 1000; see backoffDelay). */
  backoffMs?: number;
}

export const QUEUE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

export function assertQueueName(name: string, what = 'queue'): void {
  if (!QUEUE_NAME.test(name)) throw new Error(`Job ${what} name "${name}" must be lower-case letters, digits and dashes`);
}
