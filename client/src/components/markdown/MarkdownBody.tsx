import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

/**
 * Each element styled here rather than with a typography plugin: a handful of
 * classes on daisyUI's theme colours, so it follows the light and dark themes.
 */
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" className="link link-primary break-all" />,
  p: ({ node: _node, ...props }) => <p {...props} className="my-1.5 first:mt-0 last:mb-0" />,
  ul: ({ node: _node, ...props }) => <ul {...props} className="my-1.5 list-disc pl-6" />,
  ol: ({ node: _node, ...props }) => <ol {...props} className="my-1.5 list-decimal pl-6" />,
  li: ({ node: _node, ...props }) => <li {...props} className="my-0.5" />,
  blockquote: ({ node: _node, ...props }) => <blockquote {...props} className="my-1.5 border-l-4 border-base-300 pl-3 opacity-80" />,
  pre: ({ node: _node, ...props }) => <pre {...props} className="my-2 overflow-x-auto rounded-box bg-base-200 p-3 text-sm [&>code]:bg-transparent [&>code]:p-0" />,
  code: ({ node: _node, ...props }) => <code {...props} className="rounded bg-base-200 px-1 py-0.5 font-mono text-[0.9em]" />,
  h1: ({ node: _node, ...props }) => <h3 {...props} className="mt-3 mb-1 text-lg font-semibold" />,
  h2: ({ node: _node, ...props }) => <h4 {...props} className="mt-3 mb-1 text-base font-semibold" />,
  h3: ({ node: _node, ...props }) => <h5 {...props} className="mt-2 mb-1 font-semibold" />,
  hr: ({ node: _node, ...props }) => <hr {...props} className="my-3 border-base-300" />,
};

/**
 * Renders what a person wrote (a comment, a ticket's description) as Markdown.
 * react-markdown builds React elements, never HTML strings: raw HTML in the text is
 * left out, and link targets outside http(s), mailto and relative ones are emptied by its
 * URL transform. rehype-sanitize (GitHub's allow-list) runs as well, so a later plugin
 * that lets HTML through still cannot add scripts, event handlers or `javascript:` links.
 * Images are left out: a picture from anywhere would tell its host who read the ticket, and when.
 */
export default function MarkdownBody({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className} data-markdown="">
      <Markdown rehypePlugins={[rehypeSanitize]} components={components} disallowedElements={['img']} unwrapDisallowed skipHtml>
        {text}
      </Markdown>
    </div>
  );
}
