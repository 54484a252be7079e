import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_INDENT_WIDTH,
  DEFAULT_SERVER,
  type PathContext,
  readSettings,
  resolveServerPath,
  sameLaunch,
  serverLaunch,
  serverSettings,
} from "../settings";

function source(values: Record<string, unknown>) {
  return { get: (key: string): unknown => values[key] };
}

const inWorkspace: PathContext = { homeDir: "/home/ana", workspaceFolder: "/work/dns" };
const noWorkspace: PathContext = { homeDir: "/home/ana", workspaceFolder: undefined };

describe("readSettings", () => {
  it("uses the defaults when nothing is set", () => {
    assert.deepEqual(readSettings(source({})), {
      serverPath: DEFAULT_SERVER,
      extraArgs: [],
      indentStyle: "spaces",
      indentWidth: DEFAULT_INDENT_WIDTH,
      plugins: [],
    });
  });

  it("keeps well-formed values", () => {
    const settings = readSettings(
      source({
        "server.path": " /opt/bin/corefile-lint ",
        "server.extraArgs": ["--log", "debug"],
        "format.indentStyle": "tabs",
        "format.indentWidth": 2,
        plugins: ["k8s_gateway", "ads"],
      }),
    );
    assert.deepEqual(settings, {
      serverPath: "/opt/bin/corefile-lint",
      extraArgs: ["--log", "debug"],
      indentStyle: "tabs",
      indentWidth: 2,
      plugins: ["k8s_gateway", "ads"],
    });
  });

  it("falls back to defaults for malformed values", () => {
    const settings = readSettings(
      source({
        "server.path": "   ",
        "server.extraArgs": "--verbose",
        "format.indentStyle": "Tabs",
        "format.indentWidth": 2.5,
        plugins: "ads",
      }),
    );
    assert.equal(settings.serverPath, DEFAULT_SERVER);
    assert.deepEqual(settings.extraArgs, []);
    assert.equal(settings.indentStyle, "spaces");
    assert.equal(settings.indentWidth, DEFAULT_INDENT_WIDTH);
    assert.deepEqual(settings.plugins, []);
  });

  it("clamps the indent width and rejects non-positive widths", () => {
    assert.equal(readSettings(source({ "format.indentWidth": 40 })).indentWidth, 16);
    assert.equal(readSettings(source({ "format.indentWidth": 0 })).indentWidth, DEFAULT_INDENT_WIDTH);
    assert.equal(readSettings(source({ "format.indentWidth": -3 })).indentWidth, DEFAULT_INDENT_WIDTH);
  });

  it("drops non-string, blank and repeated list entries", () => {
    const settings = readSettings(
      source({ "server.extraArgs": ["-v", 3, null], plugins: [" ads ", "", "ads", 7, "k8s_gateway"] }),
    );
    assert.deepEqual(settings.extraArgs, ["-v"]);
    assert.deepEqual(settings.plugins, ["ads", "k8s_gateway"]);
  });
});

describe("resolveServerPath", () => {
  it("leaves a bare name for PATH lookup", () => {
    assert.equal(resolveServerPath("corefile-lint", inWorkspace), "corefile-lint");
  });

  it("keeps absolute paths", () => {
    assert.equal(resolveServerPath("/usr/local/bin/corefile-lint", inWorkspace), "/usr/local/bin/corefile-lint");
  });

  it("expands a leading tilde", () => {
    assert.equal(resolveServerPath("~/.cargo/bin/corefile-lint", inWorkspace), "/home/ana/.cargo/bin/corefile-lint");
    assert.equal(resolveServerPath("~", noWorkspace), "/home/ana");
  });

  it("does not expand a tilde elsewhere", () => {
    assert.equal(resolveServerPath("/opt/~/corefile-lint", inWorkspace), "/opt/~/corefile-lint");
  });

  it("expands ${workspaceFolder} and ${userHome}", () => {
    assert.equal(
      resolveServerPath("${workspaceFolder}/target/debug/corefile-lint", inWorkspace),
      "/work/dns/target/debug/corefile-lint",
    );
    assert.equal(resolveServerPath("${userHome}/bin/corefile-lint", noWorkspace), "/home/ana/bin/corefile-lint");
  });

  it("takes relative paths from the workspace folder", () => {
    assert.equal(resolveServerPath("target/release/corefile-lint", inWorkspace), "/work/dns/target/release/corefile-lint");
    assert.equal(resolveServerPath("./corefile-lint", inWorkspace), "/work/dns/corefile-lint");
  });

  it("leaves relative paths alone without a workspace", () => {
    assert.equal(resolveServerPath("target/release/corefile-lint", noWorkspace), "target/release/corefile-lint");
    assert.equal(
      resolveServerPath("${workspaceFolder}/corefile-lint", noWorkspace),
      "${workspaceFolder}/corefile-lint",
    );
  });
});

describe("serverLaunch", () => {
  it("runs the lsp subcommand before the extra arguments", () => {
    const settings = readSettings(source({ "server.path": "~/bin/corefile-lint", "server.extraArgs": ["--log-file", "/tmp/l"] }));
    assert.deepEqual(serverLaunch(settings, inWorkspace), {
      command: "/home/ana/bin/corefile-lint",
      args: ["lsp", "--log-file", "/tmp/l"],
    });
  });

  it("compares launches by command and every argument", () => {
    const base = { command: "corefile-lint", args: ["lsp"] };
    assert.ok(sameLaunch(base, { command: "corefile-lint", args: ["lsp"] }));
    assert.ok(!sameLaunch(base, { command: "corefile-lint", args: ["lsp", "-v"] }));
    assert.ok(!sameLaunch(base, { command: "/bin/corefile-lint", args: ["lsp"] }));
    assert.ok(!sameLaunch({ command: "c", args: ["lsp", "a"] }, { command: "c", args: ["lsp", "b"] }));
  });
});

describe("serverSettings", () => {
  it("sends formatting options and plugin names, not the launch settings", () => {
    const settings = readSettings(
      source({ "server.path": "/x", "format.indentStyle": "tabs", "format.indentWidth": 8, plugins: ["ads"] }),
    );
    assert.deepEqual(serverSettings(settings), {
      format: { indentStyle: "tabs", indentWidth: 8 },
      plugins: ["ads"],
    });
  });
});
