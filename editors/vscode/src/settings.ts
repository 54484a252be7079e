// Turns the user's `corefile.*` settings into what the language server needs:
// the command line that starts it and the settings object it is sent.
// Kept free of the `vscode` module so that it can be unit-tested in plain Node.

import * as path from "node:path";

/** The part of `vscode.WorkspaceConfiguration` this module reads. */
export interface SettingsSource {
  get(key: string): unknown;
}

export type IndentStyle = "spaces" | "tabs";

export interface Settings {
  serverPath: string;
  extraArgs: string[];
  indentStyle: IndentStyle;
  indentWidth: number;
  plugins: string[];
}

/** What the server receives as `initializationOptions` and in `workspace/didChangeConfiguration`. */
export interface ServerSettings {
  format: { indentStyle: IndentStyle; indentWidth: number };
  plugins: string[];
}

export interface Launch {
  command: string;
  args: string[];
}

/** Where relative paths and `~` in `corefile.server.path` are resolved. */
export interface PathContext {
  homeDir: string;
  workspaceFolder: string | undefined;
}

export const DEFAULT_SERVER = "corefile-lint";
export const DEFAULT_INDENT_WIDTH = 4;
const MAX_INDENT_WIDTH = 16;

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((item): item is string => typeof item === "string");
}

function nonEmptyUnique(values: string[]): string[] {
  const trimmed = values.map((value) => value.trim()).filter((value) => value !== "");
  return [...new Set(trimmed)];
}

function indentWidth(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    return DEFAULT_INDENT_WIDTH;
  }
  return Math.min(value, MAX_INDENT_WIDTH);
}

/** Reads and sanitises the settings; anything malformed falls back to its default. */
export function readSettings(source: SettingsSource): Settings {
  const serverPath = source.get("server.path");
  return {
    serverPath: typeof serverPath === "string" && serverPath.trim() !== "" ? serverPath.trim() : DEFAULT_SERVER,
    extraArgs: stringList(source.get("server.extraArgs")),
    indentStyle: source.get("format.indentStyle") === "tabs" ? "tabs" : "spaces",
    indentWidth: indentWidth(source.get("format.indentWidth")),
    plugins: nonEmptyUnique(stringList(source.get("plugins"))),
  };
}

/**
 * Resolves `corefile.server.path`. A bare name is left for the operating system
 * to find on PATH; `${workspaceFolder}`, `${userHome}` and a leading `~/` are
 * expanded; other relative paths are taken from the workspace folder.
 */
export function resolveServerPath(serverPath: string, context: PathContext): string {
  let resolved = serverPath.replaceAll("${userHome}", context.homeDir);
  if (context.workspaceFolder !== undefined) {
    resolved = resolved.replaceAll("${workspaceFolder}", context.workspaceFolder);
  }
  if (resolved === "~" || resolved.startsWith("~/")) {
    resolved = path.join(context.homeDir, resolved.slice(1));
  }
  const isBareName = !resolved.includes("/") && !resolved.includes("\\");
  if (isBareName || path.isAbsolute(resolved) || context.workspaceFolder === undefined) {
    return resolved;
  }
  return path.join(context.workspaceFolder, resolved);
}

export function serverLaunch(settings: Settings, context: PathContext): Launch {
  return {
    command: resolveServerPath(settings.serverPath, context),
    args: ["lsp", ...settings.extraArgs],
  };
}

export function serverSettings(settings: Settings): ServerSettings {
  return {
    format: { indentStyle: settings.indentStyle, indentWidth: settings.indentWidth },
    plugins: settings.plugins,
  };
}

export function sameLaunch(a: Launch, b: Launch): boolean {
  return a.command === b.command && a.args.length === b.args.length && a.args.every((arg, i) => arg === b.args[i]);
}
