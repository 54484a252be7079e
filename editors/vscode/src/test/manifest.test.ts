// Checks that package.json, the grammar copy step and settings.ts agree.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const extensionDir = join(__dirname, "..", "..");
const grammarDir = join(extensionDir, "..", "..", "grammar");

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    languages: { id: string; filenames: string[]; filenamePatterns: string[]; extensions: string[]; configuration: string }[];
    grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
    configuration: { properties: Record<string, { default: unknown }> };
    commands: { command: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(extensionDir, "package.json"), "utf8")) as Manifest;

describe("package.json", () => {
  it("declares the corefile language and its file names", () => {
    const language = manifest.contributes.languages.find((entry) => entry.id === "corefile");
    assert.ok(language);
    assert.deepEqual(language.filenames, ["Corefile"]);
    assert.deepEqual(language.filenamePatterns, ["Corefile.*", "*.Corefile"]);
    assert.deepEqual(language.extensions, [".server", ".override"]);
    assert.ok(existsSync(join(extensionDir, language.configuration)));
  });

  it("points at grammars that come from grammar/ under the same file names", () => {
    for (const grammar of manifest.contributes.grammars) {
      const fileName = grammar.path.replace("./syntaxes/", "");
      const source = JSON.parse(readFileSync(join(grammarDir, fileName), "utf8")) as { scopeName: string };
      assert.equal(source.scopeName, grammar.scopeName, fileName);
    }
  });

  it("injects the YAML grammar into YAML", () => {
    const injection = manifest.contributes.grammars.find((grammar) => grammar.injectTo !== undefined);
    assert.deepEqual(injection?.injectTo, ["source.yaml"]);
    assert.ok(manifest.activationEvents.includes("onLanguage:yaml"));
  });

  it("declares every setting the extension reads, with the documented defaults", () => {
    const defaults = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([key, value]) => [key, value.default]),
    );
    assert.deepEqual(defaults, {
      "corefile.server.path": "corefile-lint",
      "corefile.server.extraArgs": [],
      "corefile.format.indentStyle": "spaces",
      "corefile.format.indentWidth": 4,
      "corefile.plugins": [],
      "corefile.trace.server": "off",
    });
  });

  it("contributes the restart command", () => {
    assert.deepEqual(
      manifest.contributes.commands.map((entry) => entry.command),
      ["corefile.restartServer"],
    );
  });

  it("starts from the bundled entry point", () => {
    assert.equal(manifest.main, "./dist/extension.js");
  });
});

describe("language-configuration.json", () => {
  const configuration = JSON.parse(readFileSync(join(extensionDir, "language-configuration.json"), "utf8")) as {
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  };
  const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);

  it("indents after a line that ends with an opening brace", () => {
    for (const line of [". {", "    forward . 1.1.1.1 {", "example.org {  # comment", "{", "    hosts x#dropped {"]) {
      assert.ok(increase.test(line), line);
    }
  });

  it("does not indent after braces that are part of a word", () => {
    for (const line of ["    log {$FORMAT}", "    log . {remote}", "example.org{x", "    whoami # {"]) {
      assert.ok(!increase.test(line), line);
    }
  });

  it("outdents a line that starts with a closing brace token", () => {
    for (const line of ["}", "    }", "  } # end", "} next.example {"]) {
      assert.ok(decrease.test(line), line);
    }
    for (const line of ["    }log", "    log }"]) {
      assert.ok(!decrease.test(line), line);
    }
  });
});
