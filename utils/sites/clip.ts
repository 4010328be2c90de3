// Cutting text read from a page (or a file) to a bounded length without breaking a character the
// user sees: never inside an emoji (👩‍👩‍👧 is 8 UTF-16 units), a flag, or a letter and its
// accent. Text within the bound is returned as is (the common case costs one comparison).

let segmenter: Intl.Segmenter | undefined;

/** At most `max` UTF-16 units of `text`, ending at a grapheme boundary. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let end = 0;
  for (const { segment, index } of segmenter.segment(text.slice(0, max + 64))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
