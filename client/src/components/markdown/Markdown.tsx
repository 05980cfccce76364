import { lazy, Suspense } from 'react';

// The renderer and its parser weigh more than the rest of a ticket page; they load with the first ticket shown, not with the app.
const MarkdownBody = lazy(() => import('./MarkdownBody.js'));

/** Markdown text, safely rendered; while the renderer loads, the same text as plain lines. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={className}><p className="break-words whitespace-pre-line">{text}</p></div>}>
      <MarkdownBody text={text} className={className} />
    </Suspense>
  );
}
