import { words } from './tokens';

/**
 * Words that acknowledge, hedge or hold the floor. A sentence made only of them ("Yeah, okay.", "Right, sure.")
 * is a backchannel: it says the listener is there, not what the meeting is about. In agreement detection they are the signal.
 */
export const BACKCHANNEL_WORDS: ReadonlySet<string> = new Set(
  `yeah yes yep yup ya okay ok right alright sure mm mhm hmm uh huh um oh ah no nope true exactly cool great good fine nice
  really wow so well and but or then now i see agreed absolutely definitely indeed correct totally thanks thank you sorry pardon
  perfect excellent that's it's it is that brilliant lovely awesome fair enough course of sounds cheers indeed`
    .split(/\s+/)
    .filter(Boolean),
);

export function isBackchannel(text: string): boolean {
  const list = words(text);
  return list.length === 0 || (list.length <= 6 && list.every((w) => BACKCHANNEL_WORDS.has(w)));
}
