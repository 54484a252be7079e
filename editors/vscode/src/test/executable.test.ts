import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findExecutable, type SearchEnvironment } from "../executable";

function environment(files: string[], overrides: Partial<SearchEnvironment> = {}): SearchEnvironment {
  const existing = new Set(files);
  return {
    pathVariable: "/usr/local/bin:/usr/bin",
    pathExtensions: undefined,
    platform: "linux",
    isExecutableFile: (candidate) => existing.has(candidate),
    ...overrides,
  };
}

describe("findExecutable", () => {
  it("finds a bare name in the first PATH directory that has it", () => {
    const env = environment(["/usr/bin/corefile-lint", "/usr/local/bin/corefile-lint"]);
    assert.equal(findExecutable("corefile-lint", env), "/usr/local/bin/corefile-lint");
  });

  it("returns undefined when no PATH directory has it", () => {
    assert.equal(findExecutable("corefile-lint", environment(["/opt/corefile-lint"])), undefined);
    assert.equal(findExecutable("corefile-lint", environment([], { pathVariable: undefined })), undefined);
  });

  it("skips empty PATH entries instead of searching the working directory", () => {
    const env = environment(["corefile-lint"], { pathVariable: "::/usr/bin" });
    assert.equal(findExecutable("corefile-lint", env), undefined);
  });

  it("checks a path with a directory as it is", () => {
    const env = environment(["/opt/bin/corefile-lint"]);
    assert.equal(findExecutable("/opt/bin/corefile-lint", env), "/opt/bin/corefile-lint");
    assert.equal(findExecutable("/opt/bin/missing", env), undefined);
  });

  it("tries PATHEXT extensions on Windows", () => {
    const env = environment(["C:\\tools\\corefile-lint.exe"], {
      platform: "win32",
      pathVariable: "C:\\Windows;C:\\tools",
      pathExtensions: ".COM;.EXE",
    });
    assert.equal(findExecutable("corefile-lint", env), "C:\\tools\\corefile-lint.exe");
    assert.equal(findExecutable("corefile-lint.exe", env), "C:\\tools\\corefile-lint.exe");
  });
});
