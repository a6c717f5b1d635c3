// Types for the packages that ship none.
// wink-lexicon's table mapping each form of an English irregular verb to its base.
declare module 'wink-lexicon/src/irregular-verbs.js' {
  const forms: Readonly<Record<string, string>>;
  export default forms;
}

// american-english's lists mapping each British spelling to the American one and back.
declare module 'american-english' {
  const spelling: { readonly us_spelling: Readonly<Record<string, string>>; readonly uk_spelling: Readonly<Record<string, string>> };
  export default spelling;
}
