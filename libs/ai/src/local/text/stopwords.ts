/**
 * Words that carry no topic: English function words plus the verbs and hedges of conversation
 * ("think", "gonna", "actually"), which fill meetings but never tell what a meeting was about.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
  isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out
  over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
  there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll
  we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you
  you'd you'll you're you've your yours yourself yourselves
  yeah yes yep okay ok right well oh uh um uhm hmm mm mhm huh ah eh er erm hm alright like just really actually basically
  think thought know knew mean gonna wanna gotta going go goes went get gets got getting say says said see saw look thing things
  stuff something anything everything nothing kind sort lot lots bit maybe probably sure guess suppose want one two also still
  even quite pretty much many way ways okay anyway though yet whether cause 'cause because mean means good great nice fine
  make made put take took come came need needs let us will shall may might must can could would should does did done
  now today time times first second next last new old other another sure little big whatever etcetera etc
  'em s t d ll re ve m n't`
    .split(/\s+/)
    .filter(Boolean),
);
