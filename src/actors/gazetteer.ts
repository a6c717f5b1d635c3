/**
 * General-knowledge word lists the actor finder relies on: states and their demonyms, world
 * regions, capitals, news outlets, title words and organisation cues. Nothing here is tuned to a
 * particular corpus; every list is what any English news reader knows.
 */
import { MONTH_NAMES, WEEKDAY_NAMES } from '../text/index.js';

/** A sovereign state (or widely recognised territory): canonical English name, other names, demonyms. */
export interface CountryEntry {
  name: string;
  aliases: string[];
  demonyms: string[];
}

/**
 * `Name|alias,alias|demonym,demonym`. Plural demonyms ("Venezuelans") are derived, so only
 * irregular plurals are listed. Language-only adjectives are left out on purpose.
 */
const COUNTRY_LINES = `
Afghanistan||Afghan
Albania||Albanian
Algeria||Algerian
Angola||Angolan
Argentina||Argentine,Argentinian
Armenia||Armenian
Australia||Australian
Austria||Austrian
Azerbaijan||Azerbaijani
Bahrain||Bahraini
Bangladesh||Bangladeshi
Belarus||Belarusian
Belgium||Belgian
Belize||Belizean
Bolivia||Bolivian
Bosnia and Herzegovina|Bosnia|Bosnian
Brazil||Brazilian
Bulgaria||Bulgarian
Burkina Faso||Burkinabe
Cambodia||Cambodian
Cameroon||Cameroonian
Canada||Canadian
Chad||Chadian
Chile||Chilean
China|People's Republic of China,PRC|Chinese
Colombia||Colombian
Costa Rica||Costa Rican
Croatia||Croatian
Cuba||Cuban
Cyprus||Cypriot
Czech Republic|Czechia|Czech
Denmark||Danish,Dane
Dominican Republic||Dominican
Ecuador||Ecuadorian,Ecuadorean
Egypt||Egyptian
El Salvador||Salvadoran,Salvadorean
Eritrea||Eritrean
Estonia||Estonian
Ethiopia||Ethiopian
Finland||Finnish,Finn
France||French
Georgia||Georgian
Germany||German
Ghana||Ghanaian
Greece||Greek
Guatemala||Guatemalan
Guyana||Guyanese
Haiti||Haitian
Honduras||Honduran
Hungary||Hungarian
Iceland||Icelandic
India||Indian
Indonesia||Indonesian
Iran|Islamic Republic of Iran|Iranian
Iraq||Iraqi
Ireland||Irish
Israel||Israeli
Italy||Italian
Jamaica||Jamaican
Japan||Japanese
Jordan||Jordanian
Kazakhstan||Kazakh
Kenya||Kenyan
Kuwait||Kuwaiti
Lebanon||Lebanese
Libya||Libyan
Lithuania||Lithuanian
Malaysia||Malaysian
Mali||Malian
Mexico||Mexican
Moldova||Moldovan
Mongolia||Mongolian
Morocco||Moroccan
Mozambique||Mozambican
Myanmar|Burma|Burmese
Nepal||Nepalese,Nepali
Netherlands|Holland|Dutch
New Zealand||New Zealander
Nicaragua||Nicaraguan
Niger||Nigerien
Nigeria||Nigerian
North Korea|DPRK|North Korean
Norway||Norwegian
Oman||Omani
Pakistan||Pakistani
Palestine||Palestinian
Panama||Panamanian
Paraguay||Paraguayan
Peru||Peruvian
Philippines||Filipino,Philippine
Poland||Polish,Pole
Portugal||Portuguese
Qatar||Qatari
Romania||Romanian
Russia|Russian Federation|Russian
Rwanda||Rwandan
Saudi Arabia||Saudi
Senegal||Senegalese
Serbia||Serbian
Singapore||Singaporean
Slovakia||Slovak
Somalia||Somali
South Africa||South African
South Korea|Republic of Korea|South Korean
South Sudan||South Sudanese
Spain||Spaniard
Sri Lanka||Sri Lankan
Sudan||Sudanese
Sweden||Swedish,Swede
Switzerland||Swiss
Syria||Syrian
Taiwan||Taiwanese
Thailand||Thai
Trinidad and Tobago|Trinidad|Trinidadian
Tunisia||Tunisian
Turkey|Türkiye|Turkish,Turk
Uganda||Ugandan
Ukraine||Ukrainian
United Arab Emirates|UAE,U.A.E.|Emirati
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton
United States|US,U.S.,USA,U.S.A.,America,United States of America|American
Uruguay||Uruguayan
Uzbekistan||Uzbek
Venezuela|Bolivarian Republic of Venezuela|Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen||Yemeni
Zambia||Zambian
Zimbabwe||Zimbabwean
`;

export const COUNTRIES: CountryEntry[] = COUNTRY_LINES.trim()
  .split('\n')
  .map((line) => {
    const [name = '', aliases = '', demonyms = ''] = line.split('|');
    const split = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
    return { name: name.trim(), aliases: split(aliases), demonyms: split(demonyms) };
  });

/**
 * International organisations whose abbreviations news text uses without spelling them out.
 * Canonical name → abbreviations.
 */
export const KNOWN_ORGANIZATIONS: Record<string, string[]> = {
  'United Nations': ['UN', 'U.N.'],
  'European Union': ['EU', 'E.U.'],
  NATO: ['Nato', 'North Atlantic Treaty Organization'],
  'Organization of American States': ['OAS'],
  'International Monetary Fund': ['IMF'],
  'World Bank': [],
  'Federal Bureau of Investigation': ['FBI'],
  'Central Intelligence Agency': ['CIA'],
  'Drug Enforcement Administration': ['DEA'],
  Pentagon: [],
  Congress: [],
  Senate: [],
  Kremlin: [],
  Hezbollah: [],
  Hamas: [],
  OPEC: [],
};

/** Seats of government that news text uses for their state ("Washington demanded…"). */
export const CAPITALS = new Set(
  [
    'Washington',
    'Moscow',
    'Beijing',
    'Caracas',
    'Havana',
    'Tehran',
    'Bogotá',
    'Bogota',
    'Brasília',
    'Brasilia',
    'Mexico City',
    'Madrid',
    'London',
    'Paris',
    'Berlin',
    'Rome',
    'Kyiv',
    'Kiev',
    'Tokyo',
    'Seoul',
    'Pyongyang',
    'Damascus',
    'Baghdad',
    'Kabul',
    'Tripoli',
    'Managua',
    'Ottawa',
    'Canberra',
    'Ankara',
    'Cairo',
    'Riyadh',
    'Jerusalem',
    'Brussels',
    'Lima',
    'Quito',
    'Santiago',
    'Buenos Aires',
    'La Paz',
    'Panama City',
    'Taipei',
    'New Delhi',
    'Islamabad',
    'Doha',
    'Abu Dhabi',
    'Minsk',
    'Warsaw',
  ].map((c) => c.toLowerCase()),
);

/**
 * Regions, seas and continents: places, not actors. A mention of "the Caribbean" says where,
 * never who, so these never become actors.
 */
export const REGIONS = new Set(
  [
    'Africa', 'Asia', 'Europe', 'Oceania', 'Antarctica', 'Americas', 'North America', 'South America',
    'Central America', 'Latin America', 'Middle East', 'Caribbean', 'Gulf', 'Persian Gulf',
    'Mediterranean', 'Pacific', 'Atlantic', 'Indian Ocean', 'Arctic', 'Balkans', 'Sahel',
    'Scandinavia', 'Eastern Europe', 'Western Europe', 'Southeast Asia', 'East Asia', 'West',
    'Western Hemisphere', 'Andes', 'Amazon', 'Gulf of Mexico',
  ].map((r) => r.toLowerCase()),
);

/** News outlets and the last words of a publication's name: shared with the answer stage (src/text/news-outlets.ts). */
export { OUTLET_LAST_WORDS, OUTLETS } from '../text/index.js';

/** Common nouns that, placed after a name, say it is a publication: "El Pais, a major daily newspaper". */
export const OUTLET_NOUNS = new Set('newspaper daily outlet broadcaster magazine tabloid network channel website'.split(' '));

/** Words that make a capitalised run an organisation. */
export const ORGANIZATION_CUES = new Set(
  `Department Ministry Agency Administration Cartel Party Army Navy Force Forces Council Court Congress Senate
   Parliament Assembly Commission Committee Institute Institution University College School Foundation Office
   Organization Organisation Union Bank Fund Company Corporation Corp Inc Group Bureau Service Services Guard
   Police Command Front Movement Alliance Association League Coalition Federation Authority Board Center Centre
   Treasury House Cabinet Government Network Society Tribunal Church Republic Brigade Brigades Battalion Regiment
   Division Corps Militia Guards`.split(/\s+/),
);

/** Nouns that, right before or after a name, mark a formal organisation ("the gang Tren de Aragua", "Sinaloa cartel"). */
export const ORGANIZATION_NOUNS = new Set('cartel cartels gang gangs organization organisation agency party company firm group syndicate'.split(' '));

/** Nouns that mark a loose collective rather than a formal body ("Houthi rebels", "the Ortega brothers"). */
export const GROUP_NOUNS = new Set('rebels rebel militia militias guerrilla guerrillas insurgents fighters movement brothers clan tribe family'.split(' '));

/** Honorifics: stripped from a name, kept as an alias ("Mr. Maduro"). */
export const HONORIFICS = new Set(['Mr.', 'Mrs.', 'Ms.', 'Mr', 'Mrs', 'Ms', 'Dr.', 'Dr', 'Sr.', 'Sra.', 'Don', 'Doña', 'Sir', 'Dame']);

/**
 * Title heads: the last word of a title placed before a name ("Interior Minister Diosdado
 * Cabello", "former military intelligence chief Hugo Carvajal") or of an appositive.
 */
export const TITLE_HEADS = new Set(
  `president presidents minister ministers secretary senator governor general director chief envoy ambassador leader
   leaders dictator strongman spokesman spokeswoman spokesperson diplomat professor fellow analyst official commander
   chairman chairwoman chair head founder spymaster spymasters adviser advisor attorney prosecutor judge mayor king queen
   prince princess pope officer colonel admiral lieutenant captain sergeant representative congressman congresswoman
   lawmaker deputy premier chancellor vice-president czar tsar emir sheikh ayatollah general-in-chief economist expert
   researcher editor correspondent reporter wife husband widow president-elect candidate negotiator mediator
   executive ceo strategist consultant lawyer counsel activist scholar journalist`.split(/\s+/),
);

/** Heads of roles that name one post, the top of a state, in different tones ("President", "leader", "dictator"). */
export const HEAD_OF_STATE_ROLES = new Set(['president', 'leader', 'dictator', 'ruler', 'strongman', 'autocrat', 'head of state']);

/** Capitalised words that may sit inside a title before a name ("Secretary of State", "War Department Secretary"). */
export const TITLE_MODIFIERS = new Set(
  `Interior Defense Defence Foreign Finance Treasury Justice War State Homeland Security Health Energy Trade Commerce
   Vice Prime Deputy Acting Interim Former Late Special Senior Chief Assistant Under Attorney Supreme Joint Staff
   Department Ministry Affairs Intelligence Oil Economy Education Labor Labour Public Information Communications
   Major Lieutenant First Lady of the and`.split(/\s+/),
);

/** Lower-case words allowed in front of a title ("former Venezuelan diplomat", "the late President"). */
export const TITLE_PREMODIFIERS = new Set('former late then acting interim deputy senior top outgoing incoming current ex'.split(' '));

/** Name particles that stay inside a name: "Cartel de los Soles", "Tren de Aragua", "Ludwig van Beethoven". */
export { NAME_PARTICLES } from '../text/index.js';

/** Words that join the parts of an organisation's name: "Department of War", "Foundation for the Defense of Democracies". */
export const ORGANIZATION_CONNECTORS = new Set(['of', 'for', 'the', 'on', 'and']);

/** Capitalised tokens that are never actors by themselves. */
export const NEVER_ACTORS = new Set([
  ...MONTH_NAMES,
  ...WEEKDAY_NAMES,
  ...'COVID COVID-19 GDP CEO TV OK AM PM ID DNA HIV AIDS Internet God I'.split(' '),
]);

/** Speech and claim verbs that attribute words to their subject. */
export const SPEECH_VERBS = new Set(
  `said says say told tells tell telling wrote writes write added adds explained explains noted notes warned warns
   asserted asserts stated states declared declares claimed claims claiming argued argues insisted insists announced
   announces denied denies denying continued continues concurred concurs replied replies tweeted
   posted testified admitted admits acknowledged acknowledges clarified clarifies stressed stresses insisted
   emphasized emphasised remarked remarks confirmed confirms teased threatened threatens vowed vows pledged
   promised promises urged urges predicted predicts suggested suggests recalled recalls maintained maintains
   called calls labeled labelled saying writing adding explaining noting warning asserting declaring
   asked asks asking demanded demands demanding requested requests requesting`.split(/\s+/),
);

/** Speakers a story leaves unnamed ("a source said", "according to officials"): their words are nobody's in particular. */
export const UNNAMED_SPEAKERS = 'source|sources|official|officials|aide|aides|insider|insiders|diplomat|diplomats|person familiar|people familiar';

/**
 * Things news text names with capitals that are not actors, by general category. A vehicle
 * ("Air Force One", "USS Gerald R. Ford") says where someone was; a designation ("Foreign
 * Terrorist Organization") is a label a government gives actors; an event ("State of the Union")
 * says when. Organisation cue words inside them ("Force", "Organization", "Union") must not make
 * them organisations.
 */
export const NOT_ACTOR_NAMES = new Set(
  [
    // Vehicles: aircraft, ships, spacecraft with a proper name.
    'Air Force One', 'Air Force Two', 'Marine One', 'Marine Two', 'Army One', 'Navy One', 'Executive One',
    'Ground Force One', 'Cadillac One', 'Titanic', 'Enola Gay',
    // Designations and legal labels.
    'Foreign Terrorist Organization', 'Foreign Terrorist Organizations', 'Specially Designated Global Terrorist',
    'Specially Designated Global Terrorists', 'Specially Designated National', 'Specially Designated Nationals',
    'State Sponsor of Terrorism', 'State Sponsors of Terrorism', 'Transnational Criminal Organization',
    'Transnational Criminal Organizations', 'Significant Foreign Narcotics Trafficker', 'Most Favored Nation',
    'Temporary Protected Status', 'Global Magnitsky', 'Kingpin Act', 'Alien Enemies Act',
    // Recurring events and occasions.
    'State of the Union', 'State of the Nation', 'Olympic Games', 'Olympics', 'Paralympics', 'World Cup',
    'Super Bowl', 'Election Day', 'Inauguration Day', 'Independence Day', 'Christmas', 'Easter', 'Ramadan',
    'New Year', 'Thanksgiving', 'Halloween', 'Cold War', 'World War I', 'World War II', 'Holocaust',
  ].map((n) => n.toLowerCase()),
);

/** Acronyms of designations ("FTO", "SDGT"): labels, never actors. */
export const NOT_ACTOR_ACRONYMS = new Set(['FTO', 'FTOs', 'SDGT', 'SDGTs', 'SDN', 'SDNs', 'SST', 'TCO', 'TCOs', 'TPS', 'MFN']);

/** Prefixes of a ship's or aircraft's name: "USS Gerald R. Ford", "HMS Queen Elizabeth". */
export const VEHICLE_PREFIXES = new Set(['USS', 'USNS', 'USCGC', 'HMS', 'HMCS', 'HMAS', 'RFS', 'INS', 'MV', 'SS', 'RV', 'ARC', 'BAP']);

/** Last words that make a capitalised name an event, not an actor: "G20 Summit", "Paris Agreement". */
export const EVENT_LAST_WORDS = new Set(
  'Summit Olympics Games Cup Championship Championships Festival Treaty Accord Accords Agreement Protocol Address Election Elections Referendum Crisis Pandemic Massacre Uprising Invasion'.split(' '),
);

/** Words before a name that say it is a vehicle someone is in: "aboard Air Force One". */
export const VEHICLE_CONTEXT = /\b(?:aboard|on board|onboard|the aircraft carrier|the carrier|the warship|the destroyer|the ship|the plane|the jet)\s+(?:the\s+)?$/iu;

/** Words before a name that say it is a label given to others: "designated as a Foreign Terrorist Organization". */
export const DESIGNATION_CONTEXT = /\b(?:designat\w*|label\w*|listed|classified|branded)\s+(?:[^\s.;:]+\s+){0,6}?(?:as\s+(?:an?\s+)?|an?\s+)$/iu;
