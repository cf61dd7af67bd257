/**
 * Plurals for translations: one function per plural category the language has (`Intl.PluralRules`), each
 * given the count already formatted for that language. `other` is required; the rest as the language needs.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, (count: string) => string>> & {
  other: (count: string) => string;
};

export function plural(language: string, forms: PluralForms): (count: number) => string {
  const rules = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  return (count) => (forms[rules.select(count)] ?? forms.other)(numbers.format(count));
}
