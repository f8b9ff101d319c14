/** Options of the health-steward framework plugins. */
declare namespace healthSteward {
  export interface Options {
    /** Folder of the output that receives `health_steward_bg.wasm.br` (default `lib/health-steward`). */
    dir?: string;
    /** Another `.wasm.br` to copy (default: the package's `miniprogram/health_steward_bg.wasm.br`). */
    source?: string;
  }
  /** The Vite/Rollup plugin object (structurally a `vite` `Plugin`). */
  export interface VitePlugin {
    name: string;
    apply: 'build';
    generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): string }): void;
  }
  export { healthSteward as default };
}
/** Emits the mini-program Wasm at `<output>/lib/health-steward/health_steward_bg.wasm.br`. */
declare function healthSteward(options?: healthSteward.Options): healthSteward.VitePlugin;
export = healthSteward;
