import { describe, expect, it } from 'vitest';
import { createConversationMemory } from '../../src/bot/conversation.js';
import { mainEntity, resolveFollowUp } from '../../src/answer/index.js';

describe('mainEntity', () => {
  it('finds the first proper name, skipping the capitalised question word', () => {
    expect(mainEntity('Who heads the Cartel de los Soles?')).toBe('Cartel de los Soles');
    expect(mainEntity("What did Maduro's government say about Trump?")).toBe('Maduro');
    expect(mainEntity('What is the U.S. doing in the Caribbean?')).toBe('U.S.');
    expect(mainEntity('Who is Diosdado Cabello?')).toBe('Diosdado Cabello');
  });

  it('returns null when the question names nothing', () => {
    expect(mainEntity('what happened after the election?')).toBeNull();
  });
});

describe('resolveFollowUp', () => {
  it('swaps the previous main entity for the new subject of "what about X"', () => {
    expect(resolveFollowUp('What about Cabello?', 'What did Maduro say about the strikes?')).toEqual({ question: 'What did Cabello say about the strikes?', rewritten: true });
    expect(resolveFollowUp('And China?', 'What does Russia supply to Venezuela?')).toEqual({ question: 'What does China supply to Venezuela?', rewritten: true });
    expect(resolveFollowUp('how about the Treasury Department', 'Who heads the Cartel de los Soles?').question).toBe('Who heads the Treasury Department?');
  });

  it('puts the previous entity in place of a pronoun', () => {
    expect(resolveFollowUp('What did he say?', 'Who is Diosdado Cabello?')).toEqual({ question: 'What did Diosdado Cabello say?', rewritten: true });
    expect(resolveFollowUp('And what is his role?', 'Who is Hugo Carvajal?').question).toBe('What is Hugo Carvajal’s role?');
    expect(resolveFollowUp('What did they sanction?', 'What did the Treasury Department do?').question).toBe('What did Treasury Department sanction?');
  });

  it('keeps a question that stands on its own', () => {
    expect(resolveFollowUp('Who is Hugo Carvajal?', 'Who is Diosdado Cabello?')).toEqual({ question: 'Who is Hugo Carvajal?', rewritten: false });
    expect(resolveFollowUp('What about Cabello?', null)).toEqual({ question: 'What about Cabello?', rewritten: false });
  });

  it('adds the new subject when the previous question named nothing', () => {
    expect(resolveFollowUp('What about Cuba?', 'what happened after the election?').question).toBe('what happened after the election (about Cuba)?');
  });
});

describe('createConversationMemory', () => {
  it('forgets the previous question after the follow-up window', () => {
    let now = 0;
    const memory = createConversationMemory(() => now);
    memory.record('c1', 'u1', 'Who is Diosdado Cabello?');
    now = 299_000;
    expect(memory.previous('c1', 'u1', 300)).toBe('Who is Diosdado Cabello?');
    expect(memory.previous('c2', 'u1', 300)).toBeNull();
    now = 301_000;
    expect(memory.previous('c1', 'u1', 300)).toBeNull();
  });

  it("keeps each person's previous question apart in a shared channel", () => {
    const memory = createConversationMemory(() => 0);
    memory.record('c1', 'alice', 'Who is Diosdado Cabello?');
    memory.record('c1', 'bob', 'What did the Treasury do?');
    expect(memory.previous('c1', 'alice', 300)).toBe('Who is Diosdado Cabello?');
    expect(memory.previous('c1', 'bob', 300)).toBe('What did the Treasury do?');
    expect(memory.previous('c1', 'carol', 300)).toBeNull();
  });
});
