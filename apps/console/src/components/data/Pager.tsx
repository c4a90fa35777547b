/**
 * Token paging (`nextToken`): the hub pages forward only. "First page" goes back to the start;
 * the browser's Back returns to the previous page (each page is its own URL).
 */
export function Pager({
  pageToken,
  nextToken,
  onPage,
  label = 'Pages',
}: {
  pageToken: string;
  nextToken: string | null | undefined;
  onPage: (token: string) => void;
  label?: string;
}) {
  if (!pageToken && !nextToken) return null;
  return (
    <nav className="actions" aria-label={label}>
      {pageToken && (
        <button type="button" className="secondary" onClick={() => onPage('')}>
          First page
        </button>
      )}
      {nextToken && (
        <button type="button" onClick={() => onPage(nextToken)}>
          Next page
        </button>
      )}
    </nav>
  );
}
