// Types of build.mjs (plain JavaScript, so that `node` runs it before anything is compiled).
export declare const DEDUPE_BUNDLE: string;
export declare function buildDedupe(out?: string): Promise<string>;
