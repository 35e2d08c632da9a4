/**
 * The part of the WebAssembly JS API the runner uses. TypeScript declares it in lib "dom", which this Node project
 * does not load (and @types/node does not declare it).
 */
declare global {
  namespace WebAssembly {
    interface ModuleImportDescriptor {
      module: string;
      name: string;
      kind: "function" | "table" | "memory" | "global";
    }
    interface ModuleExportDescriptor {
      name: string;
      kind: "function" | "table" | "memory" | "global";
    }
    class Module {
      constructor(bytes: Uint8Array);
      static imports(module: Module): ModuleImportDescriptor[];
      static exports(module: Module): ModuleExportDescriptor[];
    }
    class Memory {
      readonly buffer: ArrayBuffer;
    }
    type Imports = Record<string, Record<string, unknown>>;
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Record<string, unknown>;
    }
  }
}
export {};
