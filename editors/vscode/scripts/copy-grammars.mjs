// Copies the TextMate grammars from the repository's grammar/ directory into
// syntaxes/, where package.json points. The grammars live in one place only;
// syntaxes/ is a build output and is not committed.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const extensionDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const grammarDir = join(extensionDir, "..", "..", "grammar");
const targetDir = join(extensionDir, "syntaxes");

const grammarFiles = ["corefile.tmLanguage.json", "corefile-yaml-injection.tmLanguage.json"];

mkdirSync(targetDir, { recursive: true });
for (const file of grammarFiles) {
  copyFileSync(join(grammarDir, file), join(targetDir, file));
}
console.log(`copied ${grammarFiles.length} grammars from ${grammarDir} to ${targetDir}`);
