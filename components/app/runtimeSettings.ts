// The UI runs React's API on Preact (build aliases: scripts/build/uiRuntime.ts). One difference matters to a rep
// on the keyboard: React runs the effects of an update made in a key or click handler before the
// next event is handled; Preact waits for the next frame. A rep who presses B then 5 ("budget
// approved") within one frame had the 5 read by the listener made before B opened the editor, and
// lost. Here effects run right after the update that made them, before the browser handles another
// event: as React does for input, and for every update (they run before that frame's paint).
import { options } from 'preact';

options.requestAnimationFrame = (flush) => queueMicrotask(flush);
