/** The SDKs' own deadline, far beyond ours: AI_TIMEOUT_MS is enforced per attempt through the probe's signal. */
export const SDK_TIMEOUT_MS = 10 * 60_000;
