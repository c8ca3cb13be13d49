#!/usr/bin/env node
// A tiny MCP stdio server for the probe tests (no dependencies).
// argv[2] picks a behaviour: paged (default), network PORT, child MARKER, needenv, crash.
"use strict";
const { spawn } = require("child_process");
const net = require("net");
const dns = require("dns");
const readline = require("readline");

const mode = process.argv[2] || "paged";
const PAGE = 4;

function tool(name, description) {
  return { name, description, inputSchema: { type: "object", properties: { q: { type: "string" } } } };
}

let tools = [];
for (let i = 0; i < 10; i++) tools.push(tool(`node_tool_${i}`, `Node tool ${i}.`));
tools[0].annotations = { destructiveHint: true, category: "kept-extra" };
tools[0].outputSchema = { type: "object" };

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

async function probeNetwork(port) {
  const results = [];
  await new Promise((resolve) => dns.lookup("example.com", (err) => {
    results.push(err ? `dns:blocked(${err.code})` : "dns:reachable");
    resolve();
  }));
  await new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => { results.push("tcp:reachable"); socket.destroy(); resolve(); });
    socket.on("error", (err) => { results.push(`tcp:blocked(${err.code})`); resolve(); });
  });
  return [tool("net_report", results.join(" "))];
}

async function main() {
  if (mode === "needenv" && !process.env.NODE_TOY_TOKEN) {
    console.error("Missing required environment variable: NODE_TOY_TOKEN");
    process.exit(1);
  }
  if (mode === "crash") {
    throw new Error("toy server crashed on purpose");
  }
  if (mode === "network") tools = await probeNetwork(Number(process.argv[3]));
  if (mode === "child") {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", process.argv[3]], {
      detached: true, stdio: "ignore",
    });
    child.unref();
    tools = [tool("spawned", `child ${child.pid}`)];
  }
  const rl = readline.createInterface({ input: process.stdin });
  rl.on("line", (line) => {
    const message = JSON.parse(line);
    if (message.id === undefined) return;
    if (message.method === "initialize") {
      send({ jsonrpc: "2.0", id: message.id, result: {
        protocolVersion: "2025-11-25", capabilities: { tools: { listChanged: false } },
        serverInfo: { name: "toy-node", version: "1.2.3", title: "Toy Node" } } });
    } else if (message.method === "tools/list") {
      const start = Number((message.params || {}).cursor || 0);
      const result = { tools: tools.slice(start, start + PAGE) };
      if (start + PAGE < tools.length) result.nextCursor = String(start + PAGE);
      send({ jsonrpc: "2.0", id: message.id, result });
    } else {
      send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "no" } });
    }
  });
}

main();
