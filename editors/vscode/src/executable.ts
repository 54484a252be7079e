// Finds the server executable before the language client tries to spawn it, so
// that a missing binary produces one clear message instead of a spawn error.
// Free of the `vscode` module so that it can be unit-tested in plain Node.

import * as path from "node:path";

export interface SearchEnvironment {
  /** The PATH variable, split with `path.delimiter` of `platform`. */
  pathVariable: string | undefined;
  /** Windows only: the extensions a bare command may have (PATHEXT). */
  pathExtensions: string | undefined;
  platform: NodeJS.Platform;
  isExecutableFile: (candidate: string) => boolean;
}

function candidateNames(command: string, env: SearchEnvironment): string[] {
  if (env.platform !== "win32" || path.win32.extname(command) !== "") {
    return [command];
  }
  const extensions = (env.pathExtensions ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((ext) => ext !== "");
  return [command, ...extensions.map((ext) => command + ext.toLowerCase())];
}

/**
 * Returns the file that running `command` would start, or undefined when there
 * is none. A command containing a directory separator is checked as it is; a
 * bare name is looked up in each PATH directory in turn.
 */
export function findExecutable(command: string, env: SearchEnvironment): string | undefined {
  const platformPath = env.platform === "win32" ? path.win32 : path.posix;
  const names = candidateNames(command, env);
  const hasDirectory = command.includes("/") || (env.platform === "win32" && command.includes("\\"));
  const directories = hasDirectory
    ? [""]
    : (env.pathVariable ?? "").split(platformPath.delimiter).filter((dir) => dir !== "");
  for (const directory of directories) {
    for (const name of names) {
      const candidate = directory === "" ? name : platformPath.join(directory, name);
      if (env.isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
