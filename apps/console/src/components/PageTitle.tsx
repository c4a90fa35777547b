import { type ReactNode, useEffect } from 'react';

/** The screen's h1, also the document title (what a screen reader announces on navigation). */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const text = title ?? (typeof children === 'string' ? children : undefined);
  useEffect(() => {
    if (text) document.title = `${text} · Integration hub`;
  }, [text]);
  return <h1>{children}</h1>;
}
