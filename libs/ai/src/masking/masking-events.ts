/** Domain events of masking rules; not relayed to sockets (realtime-contract names no `masking` audience). */
export const MaskingEvents = {
  /** An admin replaced the rules in a way that changes the knowledge-base index: it was or is now masked. */
  indexRulesChanged: 'masking.index_rules_changed',
} as const;

export interface MaskingIndexRulesChanged {
  /** Whether passages are now to be stored masked. */
  applyToIndex: boolean;
}

declare module '@quorum/platform' {
  interface DomainEventMap {
    'masking.index_rules_changed': MaskingIndexRulesChanged;
  }
}
