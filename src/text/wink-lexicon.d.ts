// The package ships no types: this module maps each form of an English irregular verb to its base.
declare module 'wink-lexicon/src/irregular-verbs.js' {
  const forms: Readonly<Record<string, string>>;
  export default forms;
}
