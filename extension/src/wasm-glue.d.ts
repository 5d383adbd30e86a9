/** The wasm-bindgen (--target web) glue of the core, www/pkg/wenfeng.js, aliased by the build. */
declare module 'wenfeng-wasm' {
  export interface InitOutput {
    readonly memory: WebAssembly.Memory;
  }
  export default function init(options?: { module_or_path: unknown }): Promise<InitOutput>;
  export class Wenfeng {
    constructor(config?: unknown);
    analyze(text: string): unknown;
    setTopics(text: string, format: string): unknown;
    resetTopics(): void;
    setReferences(list: { name: string; text: string }[]): unknown;
    clearReferences(): void;
    rules(): unknown;
    free(): void;
    static version(): string;
    static docxText(bytes: Uint8Array): string;
  }
}
