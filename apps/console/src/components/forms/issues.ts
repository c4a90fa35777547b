/** One field's problem, as zod (formatIssues) and the hub's 400 details both name it. */
export interface Detail {
  path: string;
  message: string;
}

/**
 * Sorts details onto the form's fields: `accountIds.2` belongs to `accountIds` ("entry 3: …"),
 * `configData.excludedLineItemTypes.0` to `configData.excludedLineItemTypes`. What names no field
 * of the form comes back in `other`, to be shown above it.
 */
export function detailsByField(
  details: readonly Detail[],
  fields: readonly string[],
): { byField: Record<string, string>; other: Detail[] } {
  const byField: Record<string, string> = {};
  const other: Detail[] = [];
  for (const detail of details) {
    const field = fields
      .filter((name) => detail.path === name || detail.path.startsWith(`${name}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (field === undefined) {
      other.push(detail);
      continue;
    }
    const rest = detail.path.slice(field.length + 1);
    const message = /^\d+$/.test(rest) ? `entry ${Number(rest) + 1}: ${detail.message}` : detail.message;
    byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  }
  return { byField, other };
}
