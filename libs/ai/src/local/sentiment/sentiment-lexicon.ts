/**
 * A small hand-made polarity lexicon for spoken business English (weights 1 to 3). Words whose polarity in meetings
 * is mostly not emotional ("right", "like", "sure", "fine" as a reply) are left out: they would make every meeting positive.
 */
const POSITIVE = `
3:excellent,fantastic,brilliant,amazing,awesome,wonderful,outstanding,perfect,love,loved,delighted,thrilled
2:good,great,nice,happy,glad,pleased,liked,enjoy,enjoyed,impressive,impressed,success,successful,succeed,win,won,
  helpful,useful,valuable,easy,elegant,clean,clear,exciting,excited,cool,best,better,improve,improved,improvement,
  agree,agreed,appreciate,thanks,thank,fun,innovative,creative,smart,beautiful,attractive,comfortable,strong,solid,effective
1:interesting,works,working,ready,progress,simple,fast,quick,safe,stable,benefit,advantage,positive,hope,hopefully,
  promising,reasonable,fair,correct,accurate,popular,recommend,support,supported,confident,achieve,achieved,solved,fixed`;
const NEGATIVE = `
3:terrible,awful,horrible,disaster,hate,hated,useless,furious,unacceptable,catastrophic,worst
2:bad,poor,problem,problems,wrong,fail,failed,failure,broken,bug,bugs,difficult,hard,worse,worried,worry,concern,concerned,
  annoying,annoyed,frustrated,frustrating,confusing,confused,ugly,expensive,slow,risk,risky,unfortunately,disappointed,
  disappointing,crash,crashed,mistake,error,errors,issue,issues,complain,complaint,sad,angry,upset,boring,weak,dangerous
1:problematic,unclear,complicated,tricky,limited,limitation,costly,delay,delayed,late,lack,missing,miss,missed,doubt,
  unsure,uncertain,negative,cheap,trouble,struggle,tough,tired,odd,weird,strange,sorry,lose,lost,against`;

function parse(list: string, sign: 1 | -1): [string, number][] {
  return list
    .trim()
    .split(/\n(?=\d:)/)
    .flatMap((line) => {
      const [weight, items] = line.split(':');
      return items
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((w): [string, number] => [w, sign * Number(weight)]);
    });
}

export const SENTIMENT_LEXICON: ReadonlyMap<string, number> = new Map([...parse(POSITIVE, 1), ...parse(NEGATIVE, -1)]);

export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "aren't",
  "won't",
  "can't",
  "couldn't",
  "wouldn't",
  "shouldn't",
  'hardly',
  'without',
]);
