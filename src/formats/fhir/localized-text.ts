/**
 * Title and comments (ebRIM Name and Description) ↔ FHIR strings. The domain keeps one text
 * per attribute today; when it keeps several languages, this is the one place to change (FHIR
 * would carry the others in the core `translation` extension on the primitive).
 * See ITI TF-3 4.2.3.2.25 (title), 4.2.3.2.6 (comments).
 */

/** The FHIR string for a title or comments. */
export function localizedTextToFhir(text: string | undefined): string | undefined {
  return text === '' ? undefined : text;
}

/** The domain title or comments for a FHIR string. */
export function localizedTextFromFhir(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
