/** Small inline icons; decorative, so hidden from screen readers. */
export function CommentIcon({ className = 'size-3.5' }: { className?: string }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" fill="currentColor" className={className} aria-hidden="true">
      <path
        fillRule="evenodd"
        d="M10 2c-4.42 0-8 2.91-8 6.5 0 1.8.9 3.43 2.36 4.6-.2 1.1-.75 2.1-1.6 2.9a.5.5 0 0 0 .35.85c1.7 0 3.12-.6 4.17-1.33.87.22 1.8.33 2.72.33 4.42 0 8-2.91 8-6.5S14.42 2 10 2Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
