import type { ReactNode } from 'react';

/**
 * The top of a page: its one h1, an optional line under it, and the page's actions on the right
 * (they wrap under the title on a phone). Every page heads the same way, so screen-reader users
 * find the h1 first.
 */
export function PageHeader({
  title,
  intro,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  /** The page's buttons and links. */
  children?: ReactNode;
}) {
  return (
    <div className="page__header">
      <div>
        <h1>{title}</h1>
        {intro === undefined ? null : <p className="muted">{intro}</p>}
      </div>
      {children}
    </div>
  );
}
