/** Previous/next controls for a server-paginated list. */
export function Pagination({
  page,
  totalPages,
  total,
  onPageChange,
  isFetching = false,
  itemLabel = 'items',
}: {
  page: number;
  totalPages: number;
  total: number;
  onPageChange(page: number): void;
  isFetching?: boolean;
  itemLabel?: string;
}) {
  if (total === 0) return null;
  const lastPage = Math.max(1, totalPages);
  return (
    <nav className="flex flex-wrap items-center justify-between gap-3 pt-4" aria-label="Pagination">
      <p className="text-sm opacity-75" aria-live="polite">
        Page {Math.min(page, lastPage)} of {lastPage} · {total} {itemLabel}
        {isFetching && <span className="loading loading-dots loading-xs ml-2 align-middle" aria-label="Loading" />}
      </p>
      <div className="join">
        <button
          type="button"
          className="btn join-item btn-sm"
          onClick={() => onPageChange(page - 1)}
          disabled={page <= 1}
          aria-label="Previous page"
        >
          « Previous
        </button>
        <button
          type="button"
          className="btn join-item btn-sm"
          onClick={() => onPageChange(page + 1)}
          disabled={page >= lastPage}
          aria-label="Next page"
        >
          Next »
        </button>
      </div>
    </nav>
  );
}
