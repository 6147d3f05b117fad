// Types of compiled-entry.mjs, which stays JavaScript because scripts/run.mjs loads it before anything is compiled.
export declare const projectRoot: string;
export declare const distDir: string;
export declare const cacheDir: string;
export declare function outputName(entry: string): string;
export declare function digestOf(file: string): string;
export declare function staleReason(sources: Record<string, string>, root?: string): string | undefined;
export declare function compileEntry(entry: string, outDir: string): Promise<string>;
export declare class CompiledEntryError extends Error {}
export declare function builtEntry(entry: string, dir?: string): string;
