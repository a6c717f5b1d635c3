import { describe, expect, it } from 'vitest';
import { attributesSpeechTo } from '../../src/actors/index.js';
import { processTexts, registryOf } from './helpers.js';

/** Invented articles: every name here is made up, so the rules are general, not tuned to the seeds. */

describe('capitalised names that are not actors', () => {
  const docs = processTexts({
    v: [
      'President Alma Ferreira spoke to reporters aboard Air Force One on Tuesday about the port strike.',
      'Ferreira later flew over the harbour, while the USS Harold Brandt stayed anchored near the coast for three days.',
      'Reporters aboard the Northern Star asked Ferreira about the blockade of the southern port.',
      'The Ministry of Ports said the Northern Star would return to the harbour on Friday.',
    ].join(' '),
    d: [
      'The Treasury Department designated the Sol Network as a Foreign Terrorist Organization (FTO) in May 2024.',
      'The Sol Network was also labeled a Hostile Maritime Entity (HME) by the coast guard in June 2024.',
      'Officials said the Sol Network smuggled fuel across the border for a decade.',
      'Ferreira mentioned the Sol Network in her State of the Union address to Congress in February 2025.',
      'Delegates met at the Andean Summit in Quito, where the Sol Network was discussed again by the ministers.',
    ].join(' '),
  });
  const registry = registryOf(docs);
  const names = registry.list().map((a) => a.name);

  it('does not list vehicles: known aircraft, ship prefixes, anything "aboard"', () => {
    for (const vehicle of ['Air Force One', 'USS Harold Brandt', 'Harold Brandt', 'Northern Star']) expect(names).not.toContain(vehicle);
  });

  it('does not list designations, in the gazetteer or by "designated/labeled as a", nor their acronyms', () => {
    for (const label of ['Foreign Terrorist Organization', 'FTO', 'Hostile Maritime Entity', 'HME']) expect(names).not.toContain(label);
    // The designated actor itself stays.
    expect(registry.find('Sol Network')?.kind).toBe('organization');
    expect(registry.find('Sol Network')!.mentions.length).toBeGreaterThanOrEqual(5);
  });

  it('does not list events ("State of the Union", "… Summit")', () => {
    for (const event of ['State of the Union', 'Andean Summit']) expect(names).not.toContain(event);
  });

  it('keeps the real actors of the same sentences', () => {
    expect(registry.find('Ferreira')?.name).toBe('Alma Ferreira');
    expect(registry.find('Treasury Department')?.kind).toBe('organization');
  });
});

describe('what an actor said: stricter attribution', () => {
  const cases: Array<[string, string, boolean, string]> = [
    ['The agency accuses Ramos of fraud, something that Ramos denies.', 'Ramos', false, 'object of a relative clause, nothing said follows'],
    ['The agency accuses Ramos of fraud, a charge which Ramos has repeatedly denied.', 'Ramos', false, 'relative clause with auxiliaries'],
    ['Reports said that Ramos denied the charges on Monday.', 'Ramos', true, '"that" as a complementiser, content follows'],
    ['Ramos asked for immunity for his family, but that was rejected.', 'Ramos', true, '"asked" reports a request'],
    ['“First, Ramos asked for immunity for his family, and that was rejected,” said an aide.', 'Ramos', false, 'named inside an aide’s quotation: the aide’s words'],
    ['Ramos has denied the charges, officials said.', 'Ramos', false, 'the claim is credited to unnamed officials'],
    ['Two people familiar with the talks said Ramos asked for immunity.', 'Ramos', false, 'an unnamed source opens the sentence'],
    ['Ramos said the plan failed, while Treasury officials said the troops were ready.', 'Ramos', true, 'an unnamed source in another clause'],
    ['“We will stay,” Ramos told officials in the capital.', 'Ramos', true, 'officials as the audience, not the source'],
    ['Ramos demanded that the army withdraw from the capital.', 'Ramos', true, '"demanded"'],
    ['Ramos was told to leave the country within a week.', 'Ramos', false, 'passive: Ramos is spoken to'],
    ['Ramos is said to favour an early election.', 'Ramos', false, 'passive: others speak about Ramos'],
    ['Ramos was saying the same thing a year ago.', 'Ramos', true, 'progressive, not passive'],
    ['Lena Brik, a researcher at the Delta Institute, told the newspaper the plan would fail.', 'Delta Institute', false, 'name after a preposition inside an appositive'],
    ['Lena Brik, a researcher at the Delta Institute, told the newspaper the plan would fail.', 'Lena Brik', true, 'the appositive’s head speaks'],
    ['The president, in a call with Ramos, said the deal was close.', 'Ramos', false, 'object of "with"'],
    ['“It will fail,” according to Delta Institute senior fellow Lena Brik.', 'Delta Institute', false, 'a name modifying a titled speaker'],
    ['“It will fail,” according to Delta Institute senior fellow Lena Brik.', 'Lena Brik', true, 'the titled speaker'],
    ['“It will fail,” according to the Delta Institute.', 'Delta Institute', true, 'an organisation as the source'],
    ['“It opens new options,” according to U.S. Defense Secretary Pete Hegseth.', 'U.S.', false, 'a state modifying a titled speaker'],
    ['“It opens new options,” according to U.S. Defense Secretary Pete Hegseth.', 'Pete Hegseth', true, 'the titled speaker after a state'],
  ];
  for (const [sentence, name, expected, why] of cases) {
    it(`${expected ? 'attributes' : 'does not attribute'} to ${name}: ${why}`, () => {
      const start = sentence.indexOf(name);
      expect(attributesSpeechTo(sentence, { start, end: start + name.length })).toBe(expected);
    });
  }
});

describe('summary layout', () => {
  it('never repeats a sentence under both "what the sources say" and "what they said"', () => {
    const docs = processTexts({
      a: [
        'Analyst Tomas Perlman of the Harbor Institute said the port strike would last for weeks.',
        '“The unions have the upper hand,” Perlman told the newspaper on Monday.',
      ].join(' '),
      b: [
        '“Nobody expected this,” Perlman wrote in a column in March 2024.',
        'Perlman added that the government had no plan for the harbour workers.',
      ].join(' '),
    });
    const summary = registryOf(docs).summarize('perlman');
    expect(summary.found).toBe(true);
    // Only ever quoted: the quotations also serve as the summary, with the role's sentence at least three from two articles…
    const about = [...summary.summary, ...summary.roleEvidence.map((r) => r.sentence)];
    expect(summary.summary.length).toBeGreaterThanOrEqual(1);
    expect(about.length).toBeGreaterThanOrEqual(3);
    expect(new Set(about.map((s) => s.docId)).size).toBe(2);
    // …and what moved into the summary is not listed again as said, nor the role's sentence.
    const shown = about.map((s) => `${s.docId}:${s.start}`);
    for (const s of summary.said) expect(shown).not.toContain(`${s.docId}:${s.start}`);
    expect(new Set(shown).size).toBe(shown.length);
    expect(about.length + summary.said.length).toBe(4);
  });

  it('keeps every quoted sentence out of "what the sources say" when enough other sentences exist', () => {
    const docs = processTexts({
      a: [
        'Mayor Lena Ortiz opened the new bridge over the river in March 2024.',
        '“This bridge will carry ten thousand cars a day,” Ortiz said at the ceremony.',
        'Ortiz was elected in 2021 after two terms on the city council.',
        '“We finished on time,” Ortiz added.',
        '“Nobody believed us,” Ortiz said.',
        '“Now they do,” Ortiz said.',
        '“Thank you all,” Ortiz said.',
        '“Goodbye for now,” Ortiz said.',
        'Critics said Ortiz ignored the cost of the project, which reached 40 million dollars.',
      ].join(' '),
    });
    const summary = registryOf(docs).summarize('ortiz', { maxSaid: 2 });
    // Quotes beyond the "said" limit are still not presented as sentences about her.
    for (const s of summary.summary) expect(s.text).not.toMatch(/” Ortiz (said|added)/);
    expect(summary.said).toHaveLength(2);
  });
});

describe('facts decided at build time', () => {
  it('marks each mention as subject or not, and each sentence as reporting an action', () => {
    const docs = processTexts({
      f: [
        'Ramos responded with a rally in the capital on Sunday.',
        'Ramos’s envoy met the delegation at the airport.',
        '“Enough,” Ramos said on Monday.',
      ].join(' '),
    });
    const mentions = registryOf(docs).find('Ramos')!.mentions;
    expect(mentions.map((m) => m.subject)).toEqual([true, false, true]);
    expect(mentions.map((m) => m.action)).toEqual([true, true, false]);
  });
});

describe('wire copy in several outlets', () => {
  it('shows a sentence two outlets ran once in the summary, cited to both', () => {
    const wire = 'Harbour master Ines Varga closed the port of Saltby on Monday after the storm damaged two cranes.';
    const docs = processTexts({
      gazette: `${wire} The closure is expected to last a week.`,
      herald: `${wire.replace('on Monday', 'on Monday morning')} Varga said repairs had already begun.`,
    });
    const summary = registryOf(docs).summarize('varga');
    const shown = [...summary.summary, ...summary.said];
    const withWire = shown.filter((s) => s.text.includes('closed the port of Saltby'));
    expect(withWire).toHaveLength(1);
    const copy = withWire[0]!.copies?.[0];
    expect(copy?.docId).toBe(withWire[0]!.docId === 'gazette' ? 'herald' : 'gazette');
    const text = new Map(docs.map((d) => [d.document.docId, d.document.text]));
    expect(text.get(copy!.docId)!.slice(copy!.start, copy!.end)).toBe(copy!.text);
    expect(summary.citations.find((c) => c.n === copy!.citation)!.docId).toBe(copy!.docId);
  });
});

describe('roles', () => {
  it('merges wordings that differ by the state they name, and keeps a different post apart', () => {
    const docs = processTexts({
      a: [
        'U.S. Defense Secretary Mark Olsen visited the base in Norfolk on Monday.',
        'Defense Secretary Mark Olsen said the ships would stay in the region for months.',
        'Olsen spoke to sailors for an hour before flying back to the capital.',
      ].join(' '),
      b: [
        'In March 2023 the former senator Mark Olsen was confirmed by a narrow vote.',
        'American Defense Secretary Mark Olsen met his British counterpart in London.',
      ].join(' '),
    });
    const summary = registryOf(docs).summarize('olsen');
    const roles = summary.roleEvidence.map((r) => r.role);
    expect(roles).toHaveLength(2);
    expect(roles).toContain('former senator');
    const secretary = summary.roleEvidence.find((r) => r.role !== 'former senator')!;
    expect(secretary.sentence.text).toContain(secretary.role);
    expect([secretary.role, ...(secretary.alsoWritten ?? [])].sort()).toEqual(['American Defense Secretary', 'Defense Secretary', 'U.S. Defense Secretary']);
    expect(summary.actor!.roles).toEqual(roles);
  });
});
