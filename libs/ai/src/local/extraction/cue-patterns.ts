/** A phrase that points at an action item or a decision, with how strongly it does. */
export interface Cue {
  pattern: RegExp;
  weight: number;
}

const WORK_VERB =
  '(?:send|do|check|look|write|prepare|email|e-mail|mail|make|get|take|find|put|try|work|bring|draw|think|talk|ask|contact|call|sort|update|finish|set|book|research|investigate|design|build|present|come up|research|organi[sz]e|forward|share|circulate|follow)';

/** Commitments by the speaker ("I'll send…"); the speaker is the assignee. */
export const COMMITMENT = new RegExp(
  `\\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|i can|i could|let me)\\s+(?:\\w+\\s+){0,2}?${WORK_VERB}\\b`,
  'i',
);

/** Requests to the listener ("can you…", "you'll need to…"); the addressee is the assignee. */
export const REQUEST =
  /\b(?:(?:can|could|would|will) you(?! (?:imagine|see|hear|believe|tell me|remember|say|think|guess|explain)\b)|would you mind|you'll|you will|you're going to|you are going to|you're gonna|you need to|you have to|you should|you must|please)\b/i;

/** A deadline: "by Friday", "before the next meeting", "for next week". */
export const DEADLINE =
  /\b(?:for (?:the )?next (?:meeting|time|week)|before (?:the )?next meeting|(?:by|before|until) (?:the )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next|end of|\d))/i;

/** The closing of a meeting, where work for afterwards is handed out. */
export const WRAP_UP =
  /\b(?:next meeting|next time|for next|before (?:the )?next|in (?:thirty|half an hour|an hour|fifteen|twenty)|individual work|instructions|homework|that's it for|close (?:the|this) meeting|wrap (?:up|this)|to sum up|summari[sz]e|by email|e-mail|to-?do|action items?|assignments?)\b/i;

export const ACTION_CUES: readonly Cue[] = [
  { pattern: COMMITMENT, weight: 1 },
  { pattern: REQUEST, weight: 0.8 },
  { pattern: /\b(?:action item|to-?do|follow[- ]up|homework|assignment|deadline|your (?:job|task|role) (?:is|will))\b/i, weight: 0.9 },
  { pattern: DEADLINE, weight: 0.8 },

  { pattern: /\b(?:working on|work on|look (?:at|into)|be responsible for|in charge of|be thinking about|come up with)\b/i, weight: 0.5 },
  { pattern: /\b(?:we need to|we have to|we've got to|we must|someone (?:needs|has) to|somebody (?:needs|has) to)\b/i, weight: 0.5 },
  { pattern: /\b(?:i'll|i will|i'm going to|i'm gonna)\b/i, weight: 0.4 },
];

/** Things done in the meeting itself ("I'll show you the next slide"), which are not tasks for after it. */
export const IN_MEETING_ACT =
  /\b(?:(?:next|this|that|previous|last|my|the first) slide|show you|draw|drawing|whiteboard|board|presentation|present|pen|mic|microphone|laptop|projector|screen|click|scroll|plug|sit down|write (?:it|this|that) down|minutes|start (?:the|with)|introduce)\b/i;

/**
 * Leave-taking and running the meeting itself ("I'll see you in half an hour", "I'm gonna call this to a close"): said
 * with a commitment's words, at the end of a meeting where its tasks are handed out, but nobody's task afterwards.
 */
export const LEAVE_TAKING =
  /\b(?:see (?:you|everyone|everybody|y'all)|(?:good)?bye|talk to you (?:later|soon|then|tomorrow)|catch you later|have a (?:good|nice|great) (?:one|day|evening|weekend)|call (?:this|it) (?:to a close|a day|quits)|close (?:the|this) meeting|(?:take|taking) (?:off )?(?:the|your|our|my) (?:mics?|microphones?|headsets?))\b/i;

export const DECISION_CUES: readonly Cue[] = [
  {
    pattern:
      /\b(?:we(?:'ve| have)? (?:decided|agreed|settled|chosen)|decision|(?:is|are|was) decided|agreed (?:on|that|to)|we're agreed)\b/i,
    weight: 1,
  },
  {
    pattern:
      /\b(?:(?:looks like|so) we(?:'re| are) (?:pretty much )?(?:going (?:with|for)|decided|agreed)|we(?:'ve| have) got (?:a|the|our)|so we(?:'ll| will) have|we(?:'re| are) (?:all )?(?:happy|fine) with)\b/i,
    weight: 0.9,
  },
  {
    pattern:
      /\b(?:let's go (?:with|for)|we'll go (?:with|for)|we're going (?:with|for)|go with|go for|stick (?:with|to)|opt for|settle (?:on|for))\b/i,
    weight: 0.9,
  },
  { pattern: /\blet's (?:use|have|make|keep|do|say|put|take|choose|leave|drop|include|add|skip|not)\b/i, weight: 0.7 },
  {
    pattern:
      /\b(?:we(?:'ll| will| are going to|'re going to| want| need) (?:have|use|make|keep|put|include|add|drop|leave|go|stick|take))\b/i,
    weight: 0.6,
  },
  {
    pattern: /\b(?:so (?:it|that)(?:'s| is| will be|'ll be)|it (?:will|'ll|should|would) (?:be|have)|(?:is|are) going to (?:be|have))\b/i,
    weight: 0.45,
  },
  {
    pattern: /\b(?:i think we should|we should (?:use|have|go|make|keep|do|stick|put)|i suggest|i propose|how about|what about)\b/i,
    weight: 0.45,
  },
  {
    // Decisions often fix a figure: a price, a budget, a quantity, a date.
    pattern: /\b(?:\d+|twelve|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|euros?|dollars?|pounds?|percent)\b/i,
    weight: 0.4,
  },
  {
    // "Done" agrees when it is the answer ("Done.", "Okay, done"), not when it is a state promised ("I'll have the notes
    // done by Friday" is a commitment, an action item).
    pattern:
      /\b(?:sounds good|that's fine|that's settled|that's it then|fair enough|i agree|agreed|all agreed|yes,? definitely)\b|(?:^|^(?:ok(?:ay)?|right|good|great|fine|yes|yeah|sure)[,.!]?\s+)done\b/i,
    weight: 0.35,
  },
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
