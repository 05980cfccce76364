import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import MarkdownBody from './MarkdownBody.js';

const renderMarkdown = (text: string) => render(<MarkdownBody text={text} />).container;

describe('MarkdownBody', () => {
  it('renders links opening in a new tab without access to this page, lists, and code blocks', () => {
    const root = renderMarkdown('See [the guide](https://example.test/guide).\n\n- one\n- two\n\n1. first\n\n```\nnpm start\n```\n\nRun `ls` too.');
    const link = root.querySelector('a')!;
    expect(link).toHaveAttribute('href', 'https://example.test/guide');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(root.querySelector('ol > li')?.textContent).toBe('first');
    expect(root.querySelector('pre > code')?.textContent).toBe('npm start\n');
    expect(root.querySelector('p > code')?.textContent).toBe('ls');
  });

  it('never renders a script element from raw HTML', () => {
    const root = renderMarkdown('Hello <script>window.pwned = true</script> there\n\n<script>alert(1)</script>');
    expect(root.querySelector('script')).toBeNull();
    expect(root.innerHTML).not.toContain('<script');
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('drops raw HTML images and their event handlers, and markdown images too', () => {
    const root = renderMarkdown('<img src="x" onerror="window.pwned = true">\n\n![tracker](https://evil.test/pixel.gif)\n\n<a href="https://x.test" onclick="steal()">raw link</a>');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[onerror], [onclick]')).toBeNull();
    expect(root.innerHTML).not.toMatch(/onerror|onclick/i);
  });

  it('empties javascript: and data: link targets, whatever their spelling', () => {
    const root = renderMarkdown('[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](  javascript:alert(1))');
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs).toHaveLength(4);
    for (const href of hrefs) expect(href).not.toMatch(/^\s*(javascript|data):/i);
  });

  it('shows a plain paragraph as the text it is', () => {
    expect(renderMarkdown('Just a sentence.').textContent).toBe('Just a sentence.');
  });
});
