import { itemTitle, MAX_TITLE_CHARS } from './item-title';

const action = (sentence: string, names: string[] = []) => itemTitle(sentence, { kind: 'action', names });
const decision = (sentence: string) => itemTitle(sentence, { kind: 'decision' });

describe('itemTitle for action items', () => {
  it.each([
    ['Sure, I will write the release notes by Friday.', 'Write the release notes'],
    ['Linus, could you draft a design for the export button before the next meeting?', 'Draft a design for the export button'],
    ["Okay so I'll just check the invoices tomorrow, okay?", 'Check the invoices'],
    ['We need to update the budget spreadsheet by the end of the week.', 'Update the budget spreadsheet'],
    ['Can you please email the client, Raj?', 'Email the client'],
    ['What I would like you guys to do is work on a model in clay.', 'Work on a model in clay'],
    ["I'm going to look into the licensing costs before our next meeting.", 'Look into the licensing costs'],
    ["You're gonna be working on the product evaluation.", 'Working on the product evaluation'],
    ["You'll all get instructions by email, I guess.", 'Get instructions by email'],
    ["Yeah, I'll book the room for Tuesday afternoon.", 'Book the room'],
    ["Let's ask finance for the numbers, then.", 'Ask finance for the numbers'],
    ['Please circulate the minutes as soon as possible.', 'Circulate the minutes'],
    ["Well, you know, I'll kind of write up the notes, um, for next week.", 'Write up the notes'],
    ['Someone has to tell the printers by the 3rd.', 'Tell the printers'],
    ['So the next step is to call the supplier tomorrow morning.', 'Call the supplier'],
    ['I need you to send me the logo files by March 14th.', 'Send me the logo files'],
    ["We've got to finish the prototype by the twentieth.", 'Finish the prototype'],
    ['Could you quickly fix the login bug, thanks.', 'Fix the login bug'],
  ])('%s → %s', (sentence, title) => {
    expect(action(sentence)).toBe(title);
  });

  it("drops a participant's name used as the subject or to address them", () => {
    expect(action('Ada will prepare the demo for Monday.', ['Ada Lovelace'])).toBe('Prepare the demo');
    expect(action("Ada, you'll send the contract.", ['Ada Lovelace'])).toBe('Send the contract');
    expect(action('Can you review the draft, Ada?', ['Ada Lovelace'])).toBe('Review the draft');
    expect(action('Manuel you will be working on the look-and-feel design.')).toBe('Working on the look-and-feel design');
  });

  it('keeps a subject that is not a pronoun or a known participant, and keeps negation', () => {
    expect(action('The marketing team is going to run the survey.')).toBe('The marketing team is going to run the survey');
    expect(action("I can't promise the review.")).toBe("I can't promise the review");
  });

  it('keeps "kind of" when it is a noun phrase, and keeps questions that stay questions', () => {
    expect(action("We'll need some kind of flash memory.")).toBe('Need some kind of flash memory');
    expect(action('Where would you put the buttons?')).toBe('Where would you put the buttons?');
  });

  it('keeps words that look like a deadline but are not at the end', () => {
    expect(action("I'll send the Friday report to the board.")).toBe('Send the Friday report to the board');
  });
});

describe('itemTitle for decisions', () => {
  it.each([
    ['Then let us go with the fourteenth as the beta release date.', 'Go with the fourteenth as the beta release date'],
    ["We've basically worked out that we're going with a simple battery,", 'Go with a simple battery'],
    ['Looks like we decided on a flexible rubber case.', 'A flexible rubber case'],
    ['I think we should have the power button on the top.', 'Have the power button on the top'],
    ['So we agreed that the remote will be yellow.', 'The remote will be yellow'],
    ["Okay, so it'll be twenty five Euros.", "It'll be twenty five Euros"],
    ['I suggest we use the cheaper chip.', 'Use the cheaper chip'],
    ["Let's not include the LCD screen.", 'Not include the LCD screen'],
    ['The decision is to launch in May.', 'Launch in May'],
    ["We'll ship it by Friday.", 'Ship it by Friday'],
    ['We are happy with the yellow case.', 'We are happy with the yellow case'],
    ['Next year people will be buying more of them.', 'Next year people will be buying more of them'],
  ])('%s → %s', (sentence, title) => {
    expect(decision(sentence)).toBe(title);
  });
});

describe('itemTitle limits', () => {
  it('is never empty: a sentence with nothing left after the frame falls back to the tidied sentence', () => {
    expect(action('Yeah.')).toBe('Yeah');
    expect(action("I'll do it.")).toBe('Do it');
    expect(action('Okay, so.')).toBe('Okay, so');
    expect(action('Light, please.')).toBe('Light');
    expect(action('   ')).not.toBe('');
    expect(decision('...')).not.toBe('');
  });

  it('cuts a long sentence at a word, never beyond the maximum', () => {
    const long = `I'll ${'prepare the very detailed quarterly figures '.repeat(20)}by Friday.`;
    const title = action(long);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(MAX_TITLE_CHARS).toBeLessThanOrEqual(300);
    expect(title.startsWith('Prepare the very detailed')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
    const unbroken = 'x'.repeat(1000);
    expect(action(unbroken).length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
  });

  it('is deterministic', () => {
    const sentence = 'Linus, could you draft a design for the export button before the next meeting?';
    expect(action(sentence)).toBe(action(sentence));
  });
});
