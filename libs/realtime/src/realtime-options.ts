/** Tuning of the realtime gateway; the defaults are production's. */
export interface RealtimeOptions {
  /** Engine.IO drops a connection whose single message is larger (it cannot answer such a message with an ack). */
  maxMessageBytes: number;
  /** Client events per second each socket may send, on average… */
  eventsPerSecond: number;
  /** …and in a burst. */
  eventBurst: number;
  /**
   * Payload bytes per second each socket may send, on average, and in a burst:
   * the event limit alone lets 40 messages of 1 MB through at once.
   */
  bytesPerSecond: number;
  byteBurst: number;
  /** How often connected sockets' sessions are re-checked, in case a revocation event never reached this instance. */
  sessionCheckIntervalMs: number;
  /** How long a dropped client may come back and recover its rooms and missed events (in-memory adapter only). */
  recoveryWindowMs: number;
}

export const DEFAULT_REALTIME_OPTIONS: Readonly<RealtimeOptions> = {
  maxMessageBytes: 1_000_000,
  eventsPerSecond: 20,
  eventBurst: 40,
  bytesPerSecond: 256 * 1024,
  byteBurst: 2 * 1024 * 1024,
  sessionCheckIntervalMs: 30_000,
  recoveryWindowMs: 120_000,
};

/**
 * Injection token of the RealtimeOptions object. The gateway reads the rate
 * limit and the check interval when a socket connects, not at boot, so a
 * test may tune them through `app.get(REALTIME_OPTIONS)` before its first
 * connection (createApp gives tests no other hook).
 */
export const REALTIME_OPTIONS = Symbol('REALTIME_OPTIONS');
