// Compile every module of a folder to bytecode with the site's own Python (Pyodide's, run by Node):
// the `__pycache__/*.cpython-312.pyc` files the browser would otherwise compile from source on each
// import, in every new kernel. Hash-based and unchecked (PEP 552): the unpacked wheel's file times,
// which a timestamp-based .pyc is checked against, are the time of unpacking.
//   node lite/bytecode.mjs PYODIDE_DIR FOLDER [DDIR [legacy]]
// DDIR: where the modules will be imported from (their code's file names; site-packages by default);
// "legacy": FOLDER/x.pyc beside FOLDER/x.py, where zipimport looks (the standard library's zip).
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, folder, ddir = "/lib/python3.12/site-packages", layout = ""] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
pyodide.mountNodeFS("/folder", path.resolve(folder));
const ok = pyodide.runPython(`
import compileall, py_compile
compileall.compile_dir("/folder", quiet=1, ddir=${JSON.stringify(ddir)}, legacy=${layout === "legacy" ? "True" : "False"},
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
`);
if (!ok) {
  console.error("bytecode.mjs: a module did not compile");
  process.exit(1);
}
