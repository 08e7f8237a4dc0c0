// The carules extension: highlighting comes from syntaxes/carules.tmLanguage.json; everything
// else from the language server, `carules lsp` (docs/editors.md), started here over stdio.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("carules").get("path") || "carules";
  // No `transport` given: stdio, without the `--stdio` flag the client would otherwise add.
  const server = { command, args: ["lsp"] };
  const serverOptions = { run: server, debug: server };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "carules" },
      { scheme: "untitled", language: "carules" },
    ],
  };
  client = new LanguageClient("carules", "carules", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
