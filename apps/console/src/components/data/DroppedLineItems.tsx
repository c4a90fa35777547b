/**
 * The line items a run or a preview dropped, each with the reason code the hub gave (the same codes
 * in both places: `EXCLUDED_PRODUCT`, `EXCLUDED_LINE_ITEM_TYPE`, …).
 */
export function DroppedLineItems({
  items,
  label,
}: {
  items: { id: string; reason: string }[];
  label: string;
}) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Dropped line item</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>{item.id}</td>
            <td>
              <code>{item.reason}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
