import type { RuleActionType } from '../rule-definition';

/** What one action of a fired rule did: ok with what it touched, or failed with the reason. */
export interface ActionOutcome {
  type: RuleActionType;
  ok: boolean;
  /** e.g. the notifications made, the action item created, the webhook message id. */
  detail?: Record<string, unknown>;
  error?: string;
}
