/**
 * bench/RESULTS.md is shared: the API benchmark rewrites it whole, other benchmarks
 * keep a section of their own in it between two marker comments. These helpers
 * replace one section and carry the sections over a rewrite.
 */
const SECTION = /<!-- section:([a-z0-9-]+):begin -->[\s\S]*?<!-- section:\1:end -->\n?/g;

const begin = (name: string) => `<!-- section:${name}:begin -->`;
const end = (name: string) => `<!-- section:${name}:end -->`;

/** `text` with the section `name` set to `body`, appended at the end if it was not there. */
export function withSection(text: string, name: string, body: string): string {
  const block = `${begin(name)}\n${body.trimEnd()}\n${end(name)}\n`;
  const start = text.indexOf(begin(name));
  const stop = text.indexOf(end(name));
  if (start >= 0 && stop > start) {
    const after = text.slice(stop + end(name).length).replace(/^\n/, '');
    return `${text.slice(0, start)}${block}${after}`;
  }
  const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${text}${separator}${block}`;
}

/** Every marked section of `text`, in order, for appending to a rewritten file. */
export function markedSections(text: string): string {
  return [...text.matchAll(SECTION)].map((m) => m[0].trimEnd()).join('\n\n');
}
