/** Icons for attachments; decorative, so hidden from screen readers. Drawn, not emoji: not every system has an emoji font. */
export function PaperclipIcon({ className = 'size-3.5' }: { className?: string }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className={className} aria-hidden="true">
      <path strokeLinecap="round" strokeLinejoin="round" d="m15.2 9.3-5.9 5.9a3.5 3.5 0 0 1-5-5l6.4-6.3a2.3 2.3 0 0 1 3.3 3.3l-6.3 6.3a1.2 1.2 0 0 1-1.7-1.7l5.7-5.7" />
    </svg>
  );
}

export function FileIcon({ className = 'size-5' }: { className?: string }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.4" className={className} aria-hidden="true">
      <path strokeLinejoin="round" d="M5 2.5h6.5L15 6v11.5H5z" />
      <path strokeLinejoin="round" d="M11.5 2.5V6H15" />
    </svg>
  );
}
