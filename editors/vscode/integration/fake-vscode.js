// Just enough of the `vscode` API for the bundled extension and
// vscode-languageclient to activate, talk to a server and shut down outside
// VS Code. Settings, command handlers, configuration listeners and error
// messages are exposed for the test; everything else is an inert stub.
"use strict";

const disposable = { dispose() {} };
const noEvent = () => disposable;

/** A callable, constructible object whose every property is another such object. */
function inert() {
  return new Proxy(function () {}, {
    get(_target, key) {
      if (key === "then") {
        return undefined; // not a thenable
      }
      if (key === Symbol.iterator) {
        return function* () {};
      }
      return key === "dispose" ? () => {} : inert();
    },
    apply: () => inert(),
    construct: () => inert(),
  });
}

/** Known members first; `on…` members are events; anything else is inert. */
function withFallback(known) {
  return new Proxy(known, {
    get(target, key) {
      if (key in target) {
        return target[key];
      }
      return typeof key === "string" && key.startsWith("on") ? noEvent : inert();
    },
  });
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return disposable;
    };
  }
  fire(value) {
    for (const listener of this.listeners) {
      listener(value);
    }
  }
  dispose() {}
}

class Disposable {
  constructor(release) {
    this.release = release;
  }
  static from() {
    return disposable;
  }
  dispose() {
    this.release?.();
  }
}

function createFakeVscode(settings) {
  const state = { settings, commands: new Map(), configurationListeners: [], errorMessages: [], log: [] };
  const channel = {
    name: "fake",
    append: (text) => state.log.push(text),
    appendLine: (text) => state.log.push(text),
    clear() {},
    show() {},
    hide() {},
    replace() {},
    dispose() {},
  };
  const configuration = (section) => ({
    get: (key, fallback) => {
      const full = section ? `${section}.${key}` : key;
      return full in state.settings ? state.settings[full] : fallback;
    },
    has: () => false,
    inspect: () => undefined,
    update: async () => {},
  });
  const vscode = withFallback({
    EventEmitter,
    Disposable,
    version: "1.82.0",
    env: { language: "en", appName: "fake", machineId: "fake", sessionId: "fake", uriScheme: "vscode" },
    workspace: withFallback({
      getConfiguration: configuration,
      workspaceFolders: undefined,
      textDocuments: [],
      notebookDocuments: [],
      onDidChangeConfiguration: (listener) => {
        state.configurationListeners.push(listener);
        return disposable;
      },
    }),
    window: withFallback({
      createOutputChannel: () => channel,
      showErrorMessage: async (message) => {
        state.errorMessages.push(message);
        return undefined;
      },
      visibleTextEditors: [],
      tabGroups: { all: [], onDidChangeTabs: noEvent, onDidChangeTabGroups: noEvent },
    }),
    commands: {
      registerCommand: (id, handler) => {
        state.commands.set(id, handler);
        return disposable;
      },
      executeCommand: async () => undefined,
    },
    languages: withFallback({}),
    extensions: { all: [], getExtension: () => undefined, onDidChange: noEvent },
  });
  return { vscode, state };
}

module.exports = { createFakeVscode };
