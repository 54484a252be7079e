import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  type Launch,
  type PathContext,
  readSettings,
  sameLaunch,
  serverLaunch,
  serverSettings,
} from "./settings";
import { findExecutable } from "./executable";

const CLIENT_ID = "corefile";
const CLIENT_NAME = "Corefile Language Server";
const SETTINGS_SECTION = "corefile";

/**
 * Corefiles, plus YAML files: the server finds the Corefiles inside ConfigMaps
 * (`Corefile: |`, `*.server: |`, `*.override: |`) and leaves other YAML alone.
 */
const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "corefile" },
  { scheme: "untitled", language: "corefile" },
  { scheme: "file", language: "yaml", pattern: "**/*.{yaml,yml}" },
];

let client: LanguageClient | undefined;
let runningLaunch: Launch | undefined;

function currentSettings() {
  return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
}

function pathContext(): PathContext {
  return {
    homeDir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  };
}

function createClient(launch: Launch, channel: vscode.OutputChannel): LanguageClient {
  const serverOptions: ServerOptions = { command: launch.command, args: launch.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: channel,
    initializationOptions: () => serverSettings(currentSettings()),
    middleware: {
      workspace: {
        // Answer the server's configuration requests with the same cleaned-up
        // object it received at initialisation, not the raw settings tree.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          const defaults: unknown[] = answers;
          return params.items.map((item, index) =>
            item.section === SETTINGS_SECTION ? serverSettings(currentSettings()) : defaults[index],
          );
        },
      },
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

function isExecutableFile(candidate: string): boolean {
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** Shows the failure without holding up activation until the user dismisses it. */
function reportStartFailure(launch: Launch, reason: string): void {
  const openSettings = "Open Settings";
  const message =
    `Could not start the Corefile language server \`${launch.command}\`: ${reason}. ` +
    "Install corefile-lint or set `corefile.server.path` to its location, then run " +
    "\"Corefile: Restart Language Server\".";
  void vscode.window.showErrorMessage(message, openSettings).then(async (choice) => {
    if (choice === openSettings) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "corefile.server");
    }
  });
}

async function startClient(channel: vscode.OutputChannel): Promise<void> {
  const launch = serverLaunch(currentSettings(), pathContext());
  runningLaunch = launch;
  const executable = findExecutable(launch.command, {
    pathVariable: process.env["PATH"],
    pathExtensions: process.env["PATHEXT"],
    platform: process.platform,
    isExecutableFile,
  });
  if (executable === undefined) {
    reportStartFailure(launch, "no such executable file was found");
    return;
  }
  const newClient = createClient({ command: executable, args: launch.args }, channel);
  client = newClient;
  try {
    await newClient.start();
  } catch (error) {
    // The client has already logged the details to its output channel.
    reportStartFailure(launch, error instanceof Error ? error.message : String(error));
  }
}

async function stopClient(): Promise<void> {
  const oldClient = client;
  client = undefined;
  runningLaunch = undefined;
  if (oldClient === undefined) {
    return;
  }
  try {
    await oldClient.dispose();
  } catch {
    // A client whose server never started refuses to stop; there is nothing to release.
  }
}

async function restartClient(channel: vscode.OutputChannel): Promise<void> {
  await stopClient();
  await startClient(channel);
}

async function onSettingsChanged(event: vscode.ConfigurationChangeEvent, channel: vscode.OutputChannel): Promise<void> {
  if (!event.affectsConfiguration(SETTINGS_SECTION)) {
    return;
  }
  const settings = currentSettings();
  const launch = serverLaunch(settings, pathContext());
  if (runningLaunch === undefined || !sameLaunch(launch, runningLaunch)) {
    await restartClient(channel);
    return;
  }
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SETTINGS_SECTION]: serverSettings(settings) },
    });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand("corefile.restartServer", () => restartClient(channel)),
    vscode.workspace.onDidChangeConfiguration((event) => onSettingsChanged(event, channel)),
  );
  await startClient(channel);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
