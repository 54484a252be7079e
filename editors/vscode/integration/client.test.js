// Runs the bundled extension (dist/extension.js) against a fake `vscode` module
// and a fake server, and checks what the server is started with and sent.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createFakeVscode } = require("./fake-vscode");

const bundle = path.join(__dirname, "..", "dist", "extension.js");
const fakeServer = path.join(__dirname, "fake-server.js");

let fake;
let logFile;
let extension;

function loadExtension() {
  delete require.cache[bundle];
  const originalLoad = Module._load;
  Module._load = function (request, ...rest) {
    return request === "vscode" ? fake.vscode : originalLoad.call(this, request, ...rest);
  };
  try {
    return require(bundle);
  } finally {
    Module._load = originalLoad;
  }
}

function serverLog() {
  if (!fs.existsSync(logFile)) {
    return [];
  }
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

async function waitFor(description, predicate) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const entries = serverLog();
    if (predicate(entries)) {
      return entries;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${description}; server log: ${JSON.stringify(entries)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function changeSettings(changes) {
  Object.assign(fake.state.settings, changes);
  const event = { affectsConfiguration: (section) => section === "corefile" || section.startsWith("corefile.") };
  for (const listener of fake.state.configurationListeners) {
    await listener(event);
  }
}

const countOf = (entries, method) => entries.filter((entry) => entry.method === method).length;
const launches = (entries) => entries.filter((entry) => entry.argv !== undefined).map((entry) => entry.argv);

describe("extension and language client", () => {
  beforeEach(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corefile-client-test-"));
    logFile = path.join(dir, "server.jsonl");
    process.env.FAKE_SERVER_LOG = logFile;
    fake = createFakeVscode({
      "corefile.server.path": fakeServer,
      "corefile.server.extraArgs": ["--verbose"],
      "corefile.format.indentStyle": "tabs",
      "corefile.format.indentWidth": 2,
      "corefile.plugins": ["ads", " ads ", "k8s_gateway"],
    });
    extension = loadExtension();
  });

  afterEach(async () => {
    await extension.deactivate();
  });

  it("starts `<path> lsp <extraArgs>` and sends the settings at initialisation", async () => {
    await extension.activate({ subscriptions: [] });
    const entries = await waitFor("initialized", (log) => countOf(log, "initialized") === 1);
    assert.deepEqual(launches(entries), [["lsp", "--verbose"]]);
    const initialize = entries.find((entry) => entry.method === "initialize");
    assert.deepEqual(initialize.params.initializationOptions, {
      format: { indentStyle: "tabs", indentWidth: 2 },
      plugins: ["ads", "k8s_gateway"],
    });
  });

  it("answers configuration requests for its section with the same settings object", async () => {
    await extension.activate({ subscriptions: [] });
    const entries = await waitFor("a configuration answer", (log) => log.some((entry) => entry.configurationAnswer));
    const [corefile] = entries.find((entry) => entry.configurationAnswer).configurationAnswer;
    assert.deepEqual(corefile, { format: { indentStyle: "tabs", indentWidth: 2 }, plugins: ["ads", "k8s_gateway"] });
  });

  it("sends changed formatting settings to the running server", async () => {
    await extension.activate({ subscriptions: [] });
    await waitFor("initialized", (log) => countOf(log, "initialized") === 1);
    await changeSettings({ "corefile.format.indentWidth": 8, "corefile.plugins": [] });
    const entries = await waitFor("a configuration change", (log) => countOf(log, "workspace/didChangeConfiguration") === 1);
    const change = entries.find((entry) => entry.method === "workspace/didChangeConfiguration");
    assert.deepEqual(change.params, {
      settings: { corefile: { format: { indentStyle: "tabs", indentWidth: 8 }, plugins: [] } },
    });
    assert.equal(launches(entries).length, 1, "the server is not restarted");
  });

  it("restarts the server when its arguments change, and on the restart command", async () => {
    await extension.activate({ subscriptions: [] });
    await waitFor("initialized", (log) => countOf(log, "initialized") === 1);
    await changeSettings({ "corefile.server.extraArgs": [] });
    await waitFor("a second start", (log) => countOf(log, "initialized") === 2);
    await fake.state.commands.get("corefile.restartServer")();
    const entries = await waitFor("a third start", (log) => countOf(log, "initialized") === 3);
    assert.deepEqual(launches(entries), [["lsp", "--verbose"], ["lsp"], ["lsp"]]);
    assert.equal(countOf(entries, "shutdown"), 2);
  });

  it("reports a missing executable once, without trying to start it", async () => {
    fake.state.settings["corefile.server.path"] = path.join(os.tmpdir(), "no-such-dir", "corefile-lint");
    await extension.activate({ subscriptions: [] });
    assert.equal(fake.state.errorMessages.length, 1);
    assert.match(fake.state.errorMessages[0], /no such executable file was found/);
    assert.match(fake.state.errorMessages[0], /corefile\.server\.path/);
    assert.deepEqual(serverLog(), []);
  });
});
