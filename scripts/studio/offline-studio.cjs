// Preloaded into `prisma studio` (npm run db:studio) so that Studio browses data without Prisma's
// binary host (README, "Prisma without Prisma's binary host"; ../../../shared/notes/prisma-offline.md).
//
// Why Studio fails on its own (Prisma 6.19.3, node_modules/prisma/build/index.js, class `DH` behind
// "Unable to get DMMF from Prisma Client"):
//   1. getDMMF runs the CLI's bundled prisma-client-js generator through getGenerators() with
//      skipDownload=false. That generator's manifest requires the native `libqueryEngine`, so the CLI
//      downloads libquery_engine-<platform>.so.node.gz(.sha256) from binaries.prisma.sh -> ENOTFOUND.
//      (The DMMF itself is computed by the bundled Wasm prisma-schema engine; only the download fails.)
//   2. Studio then builds an in-memory client from `prisma/prisma-client/runtime/library`, i.e. the
//      native Node-API query engine, even when prisma.config.ts gives `studio.adapter`.
//
// What this preload does (no file of node_modules is modified):
//   1. PRISMA_QUERY_ENGINE_LIBRARY points at ./libquery-engine.placeholder. Prisma's engine fetcher
//      honours that variable and skips the download when the file exists; nothing ever loads it,
//      because of step 2. Studio also needs the resulting path only to decide on the "library" runtime.
//   2. The require of `<prisma>/prisma-client/runtime/library` made by Studio is answered with the
//      Rust-free `runtime/client` (the same engineType "client" our own generated client uses),
//      whose getPrismaClient gets the Wasm query compiler of the same CLI package. Queries then run
//      through the driver adapter from prisma.config.ts (`studio.adapter`), which is required.
// Both hooks are limited to Studio's requests; anything unexpected fails loudly instead of silently
// falling back to a download. Re-check this file when upgrading `prisma` (pinned to 6.19.x here).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const prismaDir = path.dirname(require.resolve('prisma/package.json'));
const prismaVersion = require(path.join(prismaDir, 'package.json')).version;
if (!/^6\.19\./.test(prismaVersion)) {
  throw new Error(
    `scripts/studio/offline-studio.cjs was written for prisma 6.19.x, found ${prismaVersion}; re-check it (see its header).`,
  );
}

// --- 1. No libquery_engine download -------------------------------------------------------------
const placeholder = path.join(__dirname, 'libquery-engine.placeholder');
if (process.env.PRISMA_QUERY_ENGINE_LIBRARY && process.env.PRISMA_QUERY_ENGINE_LIBRARY !== placeholder) {
  console.warn(`offline-studio: overriding PRISMA_QUERY_ENGINE_LIBRARY=${process.env.PRISMA_QUERY_ENGINE_LIBRARY}`);
}
process.env.PRISMA_QUERY_ENGINE_LIBRARY = placeholder;

// Studio's usage telemetry (checkpoint.prisma.io) cannot be reached here; don't even try.
process.env.CHECKPOINT_DISABLE ??= '1';

// --- 2. Rust-free client runtime for Studio -----------------------------------------------------
const runtimeDir = path.join(prismaDir, 'prisma-client', 'runtime');
const libraryRuntime = path.join(runtimeDir, 'library');
const compilerGlue = path.join(runtimeDir, 'query_compiler_bg.postgresql.js');
const compilerWasm = path.join(prismaDir, 'build', 'query_compiler_bg.postgresql.wasm');
for (const f of [path.join(runtimeDir, 'client.js'), compilerGlue, compilerWasm]) {
  if (!fs.existsSync(f)) throw new Error(`offline-studio: missing ${f} (prisma package layout changed?)`);
}

let clientRuntime;
function studioRuntime() {
  if (clientRuntime) return clientRuntime;
  const runtime = require(path.join(runtimeDir, 'client.js'));
  let wasmModule;
  clientRuntime = {
    ...runtime,
    getPrismaClient(config) {
      if (config.activeProvider !== 'postgresql') {
        throw new Error(`offline-studio: only postgresql is wired up, schema uses ${config.activeProvider}`);
      }
      return runtime.getPrismaClient({
        ...config,
        compilerWasm: {
          getRuntime: async () => require(compilerGlue),
          getQueryCompilerWasmModule: async () => (wasmModule ??= new WebAssembly.Module(fs.readFileSync(compilerWasm))),
        },
      });
    },
  };
  return clientRuntime;
}

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === libraryRuntime || request === `${libraryRuntime}.js`) return studioRuntime();
  return originalLoad.call(this, request, parent, isMain);
};
