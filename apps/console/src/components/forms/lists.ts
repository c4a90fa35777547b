/** Ids or emails typed one per line or comma separated (or both), blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A list shown back in a textarea, one per line. */
export function formatList(items: readonly string[] | undefined | null): string {
  return (items ?? []).join('\n');
}
