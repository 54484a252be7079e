#!/usr/bin/env node
// A stand-in language server for client.test.js. It appends what it sees to the
// file named by FAKE_SERVER_LOG, one JSON object per line: its arguments, each
// message from the client, and the client's answer to a configuration request.
"use strict";
const fs = require("node:fs");

const logFile = process.env.FAKE_SERVER_LOG;
const record = (entry) => fs.appendFileSync(logFile, JSON.stringify(entry) + "\n");
const CONFIGURATION_REQUEST_ID = 1;

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }));
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function handle(message) {
  if (message.method === undefined) {
    if (message.id === CONFIGURATION_REQUEST_ID) {
      record({ configurationAnswer: message.result ?? message.error });
    }
    return;
  }
  record({ method: message.method, params: message.params });
  switch (message.method) {
    case "initialize":
      send({ id: message.id, result: { capabilities: {} } });
      break;
    case "initialized":
      send({
        id: CONFIGURATION_REQUEST_ID,
        method: "workspace/configuration",
        params: { items: [{ section: "corefile" }, { section: "editor" }] },
      });
      break;
    case "shutdown":
      send({ id: message.id, result: null });
      break;
    case "exit":
      process.exit(0);
  }
}

record({ argv: process.argv.slice(2) });
let pending = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const headerEnd = pending.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
      return;
    }
    const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, headerEnd).toString())[1]);
    const bodyStart = headerEnd + 4;
    if (pending.length < bodyStart + length) {
      return;
    }
    const body = pending.subarray(bodyStart, bodyStart + length).toString();
    pending = pending.subarray(bodyStart + length);
    handle(JSON.parse(body));
  }
});
