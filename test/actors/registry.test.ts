import { describe, expect, it } from 'vitest';
import { attributesSpeechTo, parseActorOverrides } from '../../src/actors/index.js';
import { processTexts, registryOf } from './helpers.js';

const ALIASES = processTexts({
  a: [
    'President Nicolás Maduro met Interior Minister Rogelio Castañeda in Caracas on Monday to discuss the oil exports.',
    'Mr. Maduro’s allies praised the meeting, and Defense Minister Vladimir Padrino López promised loyalty to the government.',
    'Still, the opposition leader Delcy Rodríguez and the congress chief Jorge Rodríguez disagreed about the terms of the deal.',
    'Instead, officials in the U.S. Treasury Department said new sanctions would follow within weeks.',
  ].join(' '),
  b: [
    'Nicolas Maduro spoke to the army for two hours in the capital of the country.',
    'Padrino López said the troops were ready, while the United States warned that Cuban advisers were in the country.',
    'The US embassy stayed closed, and Washington kept its sanctions on the Venezuelan oil sector.',
    'Rodríguez was not present at the meeting.',
  ].join(' '),
});

describe('actor registry alias merging', () => {
  const registry = registryOf(ALIASES);

  it('merges accented and unaccented spellings, honorifics and possessives into one person', () => {
    const maduro = registry.find('Maduro')!;
    expect(maduro.name).toBe('Nicolás Maduro');
    expect(maduro.mentions).toHaveLength(3);
    expect(maduro.aliases).toEqual(expect.arrayContaining(['Nicolas Maduro', 'Mr. Maduro']));
    expect(registry.find('nicolas maduro')?.id).toBe('nicolas-maduro');
  });

  it('merges a two-part surname with the full name', () => {
    const padrino = registry.find('padrino lopez')!;
    expect(padrino.name).toBe('Vladimir Padrino López');
    expect(padrino.mentions).toHaveLength(2);
    expect(padrino.roles.map((r) => r.role)).toContain('Defense Minister');
  });

  it('merges U.S., US and United States, and maps a demonym to its state', () => {
    const us = registry.find('U.S.')!;
    expect(us.name).toBe('United States');
    expect(us.kind).toBe('country');
    expect(us.aliases).toEqual(expect.arrayContaining(['U.S.', 'US']));
    expect(registry.find('Cuba')?.mentions).toHaveLength(1);
    expect(registry.find('Venezuela')?.aliases).toContain('Venezuelan');
  });

  it('keeps Delcy and Jorge Rodríguez apart and treats a bare Rodríguez as ambiguous', () => {
    const delcy = registry.find('Delcy Rodríguez')!;
    const jorge = registry.find('jorge rodriguez')!;
    expect(delcy.id).not.toBe(jorge.id);
    expect(registry.find('Rodríguez')).toBeNull();
    const summary = registry.summarize('rodriguez');
    expect(summary.found).toBe(false);
    expect(summary.suggestions).toEqual(expect.arrayContaining(['Delcy Rodríguez', 'Jorge Rodríguez']));
  });

  it('does not list sentence-start words or title words as actors', () => {
    const names = registry.list().map((a) => a.name);
    for (const junk of ['Still', 'Instead', 'President', 'Interior Minister', 'Monday', 'Mr.']) expect(names).not.toContain(junk);
  });

  it('classifies organisations and countries by their cues', () => {
    expect(registry.find('Treasury Department')?.kind).toBe('organization');
    expect(registry.find('Castañeda')?.kind).toBe('person');
    expect(registry.find('Castañeda')?.roles[0]?.role).toBe('Interior Minister');
  });
});

describe('actor lookup', () => {
  const registry = registryOf(ALIASES);

  it('forgives a small typo', () => {
    expect(registry.find('madurro')?.name).toBe('Nicolás Maduro');
    expect(registry.find('castaneda')?.name).toBe('Rogelio Castañeda');
    expect(registry.find('castanedda')?.name).toBe('Rogelio Castañeda');
  });

  it('answers an unknown name with found false and close suggestions', () => {
    const summary = registry.summarize('Madero Moros');
    expect(summary.found).toBe(false);
    expect(summary.actor).toBeNull();
    expect(summary.summary).toEqual([]);
    expect(summary.suggestions).toContain('Nicolás Maduro');
    expect(registry.summarize('Zzyzx').suggestions).toEqual([]);
  });

  it('autocompletes by the prefix of any name part, accents ignored', () => {
    expect(registry.suggest('lop', 5)[0]?.name).toBe('Vladimir Padrino López');
    expect(registry.suggest('CASTA', 5)[0]?.name).toBe('Rogelio Castañeda');
    expect(registry.suggest('', 3)).toHaveLength(3);
  });
});

describe('what an actor said', () => {
  it('attributes quotations and claims to their subject, not to the person spoken to', () => {
    const cases: Array<[string, string, boolean]> = [
      ['“We will not leave,” Maduro said on Sunday.', 'Maduro', true],
      ['“It is not a group,” said Adam Isaacson, a director.', 'Adam Isaacson', true],
      ['Cabello said that the talks had failed.', 'Cabello', true],
      ['The strikes will continue, according to Defense Secretary Pete Hegseth.', 'Pete Hegseth', true],
      ['Vladimir Rouvinski, a professor at Icesi University, told the newspaper the deal was dead.', 'Vladimir Rouvinski', true],
      ['Trump told Maduro that it was time to go.', 'Maduro', false],
      ['Trump told Maduro that it was time to go.', 'Trump', true],
      ['Maduro’s spokesman said the rally was peaceful.', 'Maduro', false],
      ['Maduro danced at a rally in Caracas.', 'Maduro', false],
    ];
    for (const [sentence, name, expected] of cases) {
      const start = sentence.indexOf(name);
      expect(attributesSpeechTo(sentence, { start, end: start + name.length }), `${name} in ${sentence}`).toBe(expected);
    }
  });

  it('keeps quotes by the actor apart from sentences about them, following “he says”', () => {
    const docs = processTexts({
      q: [
        'Mayor Lena Ortiz opened the new bridge over the river in March 2024.',
        '“This bridge will carry ten thousand cars a day,” Ortiz said at the ceremony.',
        '“It took four years,” she added.',
        'Critics said Ortiz ignored the cost of the project, which reached 40 million dollars.',
        'Ortiz will run for governor in the coming election against two rivals.',
      ].join(' '),
    });
    const summary = registryOf(docs).summarize('ortiz');
    expect(summary.said.map((s) => s.text)).toEqual([
      '“This bridge will carry ten thousand cars a day,” Ortiz said at the ceremony.',
      '“It took four years,” she added.',
    ]);
    for (const s of summary.summary) expect(summary.said.map((x) => x.text)).not.toContain(s.text);
    expect(summary.actor?.roles).toContain('Mayor');
  });
});

describe('actors.yaml overrides', () => {
  it('adds an alias (and its mentions), fixes a kind, merges and excludes', () => {
    const docs = processTexts({
      o: [
        'Commander Rafael Ibarra led the Aurora Brigade into the northern valley in May 2023.',
        'El Halcón, as his men call him, refused to negotiate with the Aurora Brigade.',
        'The Northern Front and the Aurora Brigade had fought for years over the valley.',
        'Analyst Tomas Perlman of the Harbor Institute said the conflict would continue.',
      ].join(' '),
    });
    const { overrides, problems } = parseActorOverrides(`
actors:
  - name: Rafael Ibarra
    aliases: [El Halcón]
  - name: Aurora Brigade
    kind: group
merge:
  - [Aurora Brigade, Northern Front]
exclude:
  - Tomas Perlman
`);
    expect(problems).toEqual([]);
    const registry = registryOf(docs, overrides);
    const ibarra = registry.find('El Halcon')!;
    expect(ibarra.name).toBe('Rafael Ibarra');
    expect(ibarra.mentions).toHaveLength(2);
    const brigade = registry.find('Northern Front')!;
    expect(brigade.name).toBe('Aurora Brigade');
    expect(brigade.kind).toBe('group');
    expect(brigade.mentions).toHaveLength(4);
    expect(registry.find('Tomas Perlman')).toBeNull();
    expect(registry.list().map((a) => a.name)).not.toContain('Tomas Perlman');
  });

  it('reports a malformed file instead of failing', () => {
    expect(parseActorOverrides('actors: [name: : :').problems[0]).toMatch(/not valid YAML/);
    expect(parseActorOverrides('- just a list').problems[0]).toMatch(/must be a mapping/);
    const partial = parseActorOverrides('actors:\n  - kind: person\n  - name: X\n    kind: alien\nmerge:\n  - [OnlyOne]\nexclude: 5\n');
    expect(partial.problems).toHaveLength(4);
    expect(partial.overrides.actors).toEqual([{ name: 'X' }]);
  });

  it('reports override names that match no actor in the registry problems', () => {
    const docs = processTexts({ p: 'Governor Ana Ruiz visited the port of the city on Tuesday with her staff.' });
    const { overrides } = parseActorOverrides('exclude: [Nobody Known]\n');
    const registry = registryOf(docs, overrides);
    expect(registry.data.problems[0]).toMatch(/Nobody Known/);
    expect(registry.find('Ruiz')?.name).toBe('Ana Ruiz');
  });
});

describe('actors.yaml problems', () => {
  it('name their place in the file but not the file, which the reader of the file puts in front once', () => {
    const { problems } = parseActorOverrides('actors:\n  - kind: person\nmerge:\n  - [OnlyOne]\nexclude: 5\nextra: 1\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).not.toMatch(/^actors\.yaml/);
    expect(parseActorOverrides('actors: [name: : :').problems[0]).toMatch(/^not valid YAML/);
  });
});
