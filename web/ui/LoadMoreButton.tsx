import { useTranslation } from 'react-i18next';

/** The next page of a cursor-paged list (react-query's infinite query), shown while there is one. */
export function LoadMoreButton({
  query,
  block = false,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  /** Full width, for lists of cards on a phone. */
  block?: boolean;
}) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className={block ? 'btn btn--secondary btn--block' : 'btn btn--secondary'}
      onClick={() => void query.fetchNextPage()}
      disabled={query.isFetchingNextPage}
    >
      {t('loadMore')}
    </button>
  );
}
