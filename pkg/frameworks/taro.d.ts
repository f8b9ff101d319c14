/** Options of the health-steward Taro plugin (`plugins: [['health-steward/frameworks/taro', options]]`). */
declare namespace healthStewardTaro {
  export interface Options {
    /** Folder of the output that receives `health_steward_bg.wasm.br` (default `lib/health-steward`). */
    dir?: string;
    /** Another `.wasm.br` to copy (default: the package's `miniprogram/health_steward_bg.wasm.br`). */
    source?: string;
  }
}
/** A Taro CLI plugin: Taro calls it with its plugin context; apps name it in `config.plugins`. */
declare function healthStewardTaro(ctx: unknown, options?: healthStewardTaro.Options): void;
export = healthStewardTaro;
