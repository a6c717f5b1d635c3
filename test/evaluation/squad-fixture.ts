/**
 * A small SQuAD-format file written for the tests: four news-like articles of two paragraphs, each
 * question with its gold answer, and one question each article cannot answer (SQuAD 2.0's
 * "impossible"). Used where the tests need the evaluation's and tuning's own input format.
 */
import type { SquadFile } from '../../src/evaluation/squad-corpus.js';

const qa = (id: string, question: string, answer: string) => ({ id, question, answers: [{ text: answer }] });
const impossible = (id: string, question: string) => ({ id, question, is_impossible: true, answers: [] });

export const SQUAD: SquadFile = {
  data: [
    {
      title: 'Harbour',
      paragraphs: [
        {
          context:
            'The new harbour at Calvera opened in March 2024 after six years of building. It cost 410 million euros, most of it lent by a regional bank. The mayor, Ines Portal, cut the ribbon in front of a crowd of fishermen.',
          qas: [qa('h1', 'When did the Calvera harbour open?', 'March 2024'), qa('h2', 'How much did the harbour cost?', '410 million euros'), qa('h3', 'Who cut the ribbon at the harbour?', 'Ines Portal'), impossible('h9', 'Who designed the harbour at Calvera?')],
        },
        {
          context:
            'Fishermen had asked for a deeper channel for decades. Larger trawlers could not enter the old port at low tide, so catches were landed at Sorra instead. The channel is now twelve metres deep.',
          qas: [qa('h4', 'Why were catches landed at Sorra?', 'Larger trawlers could not enter the old port at low tide'), qa('h5', 'How deep is the channel now?', 'twelve metres')],
        },
      ],
    },
    {
      title: 'Orchestra',
      paragraphs: [
        {
          context:
            'The Velmont Youth Orchestra toured four countries last summer. Its conductor, Tomas Reyl, founded the orchestra in 1991 with twenty students. The tour ended with a concert in Lisbon.',
          qas: [qa('o1', 'Who founded the Velmont Youth Orchestra?', 'Tomas Reyl'), qa('o2', 'Where did the tour end?', 'Lisbon'), qa('o3', 'How many countries did the orchestra tour?', 'four'), impossible('o9', 'How many musicians play in the Velmont Youth Orchestra?')],
        },
        {
          context:
            'Tickets sold out within an hour in every city. The orchestra plays mostly music by living composers. Next year it will perform at the Aldern festival for the first time.',
          qas: [qa('o4', 'What music does the orchestra mostly play?', 'music by living composers'), qa('o5', 'Which festival will the orchestra play next year?', 'the Aldern festival')],
        },
      ],
    },
    {
      title: 'Drought',
      paragraphs: [
        {
          context:
            'Rainfall in the Marren valley was forty percent below average this spring. Farmers have switched from maize to sorghum, which needs less water. The valley supplies a third of the country’s vegetables.',
          qas: [qa('d1', 'How far below average was the rainfall?', 'forty percent'), qa('d2', 'What crop did farmers switch to?', 'sorghum'), qa('d3', 'What share of the vegetables does the valley supply?', 'a third'), impossible('d9', 'When will the Marren valley reservoirs be full again?')],
        },
        {
          context:
            'The water authority has limited irrigation to three days a week. Its director, Paula Ostend, said the limit would stay until the reservoirs are half full. Reservoirs now hold a quarter of their capacity.',
          qas: [qa('d4', 'Who directs the water authority?', 'Paula Ostend'), qa('d5', 'How often may farmers irrigate?', 'three days a week')],
        },
      ],
    },
    {
      title: 'Railway',
      paragraphs: [
        {
          context:
            'The night train between Brena and Kostal returned in October after a gap of nine years. The service was cut in 2015 because too few passengers used it. A private operator, Lunar Rail, now runs it with sleeper cars bought from Austria.',
          qas: [qa('r1', 'When did the night train return?', 'October'), qa('r2', 'Why was the service cut in 2015?', 'too few passengers used it'), qa('r3', 'Who runs the night train now?', 'Lunar Rail'), impossible('r9', 'How fast does the night train between Brena and Kostal run?')],
        },
        {
          context:
            'A one-way ticket costs 89 euros with a bed. The journey takes eleven hours. Lunar Rail plans a second route to the coast next spring.',
          qas: [qa('r4', 'How long does the journey take?', 'eleven hours'), qa('r5', 'How much is a ticket with a bed?', '89 euros')],
        },
      ],
    },
  ],
};

