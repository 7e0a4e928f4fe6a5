import { type AiTask, aiTaskVariable, ProblemException } from '@quorum/platform';

/** Why a chain gave no answer. */
export type AiUnavailableReason =
  /** The tenant's monthly budget stopped the remote providers, and `local` cannot do the task. */
  | 'budget'
  /** Every provider that was tried failed (or had its circuit open), `local` included where it can do the task. */
  | 'providers-failed'
  /** No configured provider can do the task (only `local` is configured, and it cannot). */
  | 'not-configured';

/** One provider of the chain that gave no answer, and why. */
export interface ChainStep {
  provider: string;
  model: string;
  reason: string;
}

export interface BudgetFacts {
  limitUsd: number;
  spentUsd: number;
  resetsAt: Date;
}

/**
 * A task's chain ended without an answer. Callers that have an offline fallback (meeting analysis runs
 * libs/ai/src/local) catch it and read `reason`; one that reaches a controller is a problem document:
 * 429 `ai-budget-exceeded` (with the budget and when it resets), else 503 `ai-unavailable` naming the
 * variable to set.
 */
export class AiUnavailableError extends ProblemException {
  constructor(
    readonly task: AiTask,
    readonly reason: AiUnavailableReason,
    readonly steps: ChainStep[],
    readonly budget?: BudgetFacts,
  ) {
    super(problemOf(task, reason, steps, budget));
    this.name = 'AiUnavailableError';
  }
}

function problemOf(task: AiTask, reason: AiUnavailableReason, steps: ChainStep[], budget?: BudgetFacts) {
  const tried = steps.map((step) => ({ provider: step.provider, model: step.model, reason: step.reason }));
  if (reason === 'budget' && budget) {
    const retryAfter = Math.max(1, Math.ceil((budget.resetsAt.getTime() - Date.now()) / 1000));
    return {
      status: 429,
      slug: 'ai-budget-exceeded',
      title: 'AI budget exceeded',
      detail: `This tenant has spent $${budget.spentUsd.toFixed(2)} of its $${budget.limitUsd.toFixed(2)} monthly AI budget; remote AI is paused until ${budget.resetsAt.toISOString()}, and the offline provider cannot do "${task}".`,
      headers: { 'Retry-After': String(retryAfter) },
      extensions: { task, limitUsd: budget.limitUsd, spentUsd: budget.spentUsd, resetsAt: budget.resetsAt.toISOString(), tried },
    };
  }
  const variable = aiTaskVariable(task);
  return {
    status: 503,
    slug: 'ai-unavailable',
    title: 'AI unavailable',
    detail:
      reason === 'not-configured'
        ? `No configured AI provider can do "${task}". Set ${variable} (and its provider's key), see docs/ai.md.`
        : `Every AI provider configured for "${task}" failed or is paused; try again later.`,
    extensions: { task, reason, variable, tried },
  };
}
