/** A phrase that points at an action item or a decision, with how strongly it does. */
export interface Cue {
  pattern: RegExp;
  weight: number;
}

/** Commitments by the speaker ("I'll send…"); the speaker is the assignee. */
export const COMMITMENT = /\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|i can (?:do|send|take|check|look|write|prepare|get|make|find|ask|email|mail|put)|let me (?:check|send|find|look|ask|get|write|email|mail|prepare|take))\b/i;

/** Requests to the listener ("can you…", "you'll need to…"); the addressee is the assignee. */
export const REQUEST =
  /\b(?:can you|could you|would you|will you|would you mind|you'll|you will|you're going to|you are going to|you're gonna|you need to|you have to|you should|you must|you can (?:do|send|take|check|look|write|prepare|get|make|find)|please)\b/i;

export const ACTION_CUES: readonly Cue[] = [
  { pattern: COMMITMENT, weight: 1 },
  { pattern: REQUEST, weight: 1 },
  { pattern: /\b(?:action item|to-?do|follow[- ]up|homework|assignment|deadline|task)\b/i, weight: 0.9 },
  { pattern: /\b(?:next (?:meeting|time|week)|(?:by|before|until) (?:the )?(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next|end of))\b/i, weight: 0.7 },
  { pattern: /\b(?:we need to|we have to|we've got to|we must|someone (?:needs|has) to|somebody (?:needs|has) to|needs to be|has to be)\b/i, weight: 0.6 },
  { pattern: /\b(?:need to|have to|has to|got to|should)\b/i, weight: 0.35 },
  { pattern: /\b(?:send|email|e-mail|mail|prepare|look into|find out|figure out|work on|check (?:on|with|out)?|write up|draft|set up|schedule|research)\b/i, weight: 0.3 },
];

/** Things done in the meeting itself ("I'll show you the next slide"), which are not tasks for after it. */
export const IN_MEETING_ACT =
  /\b(?:slides?|show you|draw|drawing|whiteboard|board|presentation|present|pen|mic|microphone|laptop|projector|screen|click|scroll|plug|sit down|write (?:it|this|that) down|minutes|start (?:the|with)|introduce)\b/i;

export const DECISION_CUES: readonly Cue[] = [
  { pattern: /\b(?:we(?:'ve| have)? (?:decided|agreed|settled|chosen)|decision|(?:is|are|was) decided|agreed (?:on|that|to)|we're agreed)\b/i, weight: 1 },
  { pattern: /\b(?:let's go (?:with|for)|we'll go (?:with|for)|we're going (?:with|for)|go with|go for|stick (?:with|to)|opt for|settle (?:on|for))\b/i, weight: 0.9 },
  { pattern: /\blet's (?:use|have|make|keep|do|say|put|take|choose|leave|drop|include|add|skip|not)\b/i, weight: 0.7 },
  { pattern: /\b(?:we(?:'ll| will| are going to|'re going to| want| need) (?:have|use|make|keep|put|include|add|drop|leave|go|stick|take))\b/i, weight: 0.6 },
  { pattern: /\b(?:so (?:it|that)(?:'s| is| will be|'ll be)|it (?:will|'ll|should|would) (?:be|have)|(?:is|are) going to (?:be|have))\b/i, weight: 0.45 },
  { pattern: /\b(?:i think we should|we should (?:use|have|go|make|keep|do|stick|put)|i suggest|i propose|how about|what about)\b/i, weight: 0.45 },
  { pattern: /\b(?:sounds good|that's fine|that's settled|that's it then|fair enough|i agree|agreed|all agreed|yes,? definitely|done)\b/i, weight: 0.35 },
];

/** Short replies that agree with what was just proposed. */
export const AGREEMENT =
  /^(?:\W*(?:yeah|yes|yep|yup|okay|ok|sure|right|alright|all right|agreed|i agree|fine|good|great|perfect|definitely|absolutely|exactly|cool|sounds good|that's good|that's fine|true|of course|mm-hmm|uh-huh|why not|go for it|let's do it|deal)\b)/i;

/** Replies that push back. */
export const DISAGREEMENT = /^\W*(?:no\b|nope|i don't think|but\b|not really|i disagree|hmm+,? no)/i;

export function cueStrength(text: string, cues: readonly Cue[]): number {
  let best = 0;
  let extra = 0;
  for (const cue of cues) {
    if (!cue.pattern.test(text)) continue;
    if (cue.weight > best) {
      extra += best * 0.25;
      best = cue.weight;
    } else extra += cue.weight * 0.25;
  }
  return Math.min(1.5, best + extra);
}
