"""A tiny MCP stdio server for the probe tests (standard library only).

The first argument picks a behaviour: paged (default), network PORT, write MARKER, hang, flood,
garbage, needenv, needarg, env, hog, fetchfail, pingflood, child MARKER,
crash. Results of the sandbox checks are reported in tool
descriptions, so the test reads them from the captured tool list.
"""

import json
import os
import socket
import subprocess
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "paged"
PAGE = 3


def tool(name, description, **extra):
    item = {"name": name, "description": description,
            "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}}
    item.update(extra)
    return item


def paged_tools():
    tools = [tool(f"tool_{i}", f"Tool number {i}.") for i in range(7)]
    tools[0]["annotations"] = {"readOnlyHint": True, "x-vendor": "kept"}
    tools[1]["x-unknown-field"] = {"kept": True}
    tools[2]["title"] = "Third tool"
    return tools


def network_tools(port):
    results = []
    try:
        socket.getaddrinfo("example.com", 443)
        results.append("dns:reachable")
    except OSError as exc:
        results.append(f"dns:blocked({type(exc).__name__})")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            results.append("tcp:reachable")
    except OSError as exc:
        results.append(f"tcp:blocked({type(exc).__name__})")
    return [tool("net_report", " ".join(results))]


def write_tools(marker):
    here = os.path.dirname(os.path.abspath(__file__))
    targets = {
        "home": os.path.join(os.environ.get("HOME", "/nonexistent"), marker),
        "tmp": os.path.join("/tmp", marker),
        "root": "/" + marker,
        "etc": "/etc/" + marker,
        "usr": "/usr/" + marker,
        "vartmp": "/var/tmp/" + marker,
        "install": os.path.join(here, marker),
    }
    results = []
    for label, path in sorted(targets.items()):
        try:
            with open(path, "w") as handle:
                handle.write("escaped")
            results.append(f"{label}:written")
        except OSError as exc:
            results.append(f"{label}:blocked({type(exc).__name__})")
    return [tool("write_report", " ".join(results))]


def spawn_child(marker):
    # A grandchild in its own session that would outlive us if nothing killed the tree.
    subprocess.Popen(
        [sys.executable, "-c", "import time\nwhile True: time.sleep(1)", marker],
        start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return [tool("spawned", f"child started with marker {marker}")]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def env_tools():
    names = ",".join(sorted(os.environ))
    zone = time.strftime("%Z")
    try:
        os.listdir("/root")
        root = "readable"
    except OSError as exc:
        root = f"blocked({type(exc).__name__})"
    return [tool("env_report", f"uid={os.getuid()} tz={zone} root={root} env={names}")]


def hog_tools():
    blocks = []
    for _ in range(64):  # 64 x 16 MiB: far above the test's cgroup cap
        blocks.append(bytearray(16 * 1024 * 1024))
    return [tool("hog", f"allocated {len(blocks) * 16} MiB")]


def needarg_tools():
    import argparse

    parser = argparse.ArgumentParser(prog="toy-mcp-server")
    parser.add_argument("mode")
    parser.add_argument("--db-path", required=True)
    options = parser.parse_args()
    with open(options.db_path, "w") as handle:
        handle.write("db")
    return [tool("db_report", f"database at {options.db_path}")]


def main():
    if MODE == "needenv" and not os.environ.get("TOY_API_KEY"):
        sys.stderr.write("Error: TOY_API_KEY environment variable is required\n")
        sys.exit(1)
    if MODE == "crash":
        sys.stderr.write("fatal: something broke\n")
        sys.exit(3)
    if MODE == "garbage":
        sys.stdout.write("Welcome to the toy server!\n" * 100000)
        sys.stdout.flush()
    tools = paged_tools()
    if MODE == "network":
        tools = network_tools(int(sys.argv[2]))
    elif MODE == "write":
        tools = write_tools(sys.argv[2])
    elif MODE == "child":
        tools = spawn_child(sys.argv[2])
    elif MODE == "env":
        tools = env_tools()
    elif MODE == "hog":
        tools = hog_tools()
    elif MODE == "needarg":
        tools = needarg_tools()
    elif MODE == "needenv":
        tools = [tool("with_key", f"key of length {len(os.environ['TOY_API_KEY'])}")]
    for line in sys.stdin:
        message = json.loads(line)
        method = message.get("method")
        if "id" not in message:
            continue
        if MODE == "hang":
            time.sleep(3600)
        if MODE == "pingflood":
            # asks the client for answers forever and never reads them
            for i in range(200000):
                send({"jsonrpc": "2.0", "id": f"p{i}", "method": "ping"})
            time.sleep(3600)
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": message["id"], "result": {
                "protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
                "serverInfo": {"name": "toy-python", "version": "0.1.0"}}})
        elif method == "tools/list" and MODE == "fetchfail":
            # what a server that builds its tool list from a vendor API says without network
            send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32603, "message": "fetch failed"}})
        elif method == "tools/list":
            if MODE == "flood":
                chunk = json.dumps({"jsonrpc": "2.0", "method": "notifications/message",
                                    "params": {"data": "x" * 4000}}) + "\n"
                while True:
                    sys.stdout.write(chunk)
            start = int((message.get("params") or {}).get("cursor") or 0)
            result = {"tools": tools[start:start + PAGE]}
            if start + PAGE < len(tools):
                result["nextCursor"] = str(start + PAGE)
            send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        else:
            send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "no"}})


if __name__ == "__main__":
    main()
