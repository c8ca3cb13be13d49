"""QA regression: the tool card's "Declared annotations vs our labels" table and the API disagree.

Real definition: @playwright/mcp browser_run_code_unsafe (bundled snapshot, live capture). The server
declares destructiveHint=true; we infer destructiveHint=false for an RCE-equivalent tool and the card
marks the server's (correct, conservative) hint as a "contradiction", while the API record says
contradicts_declared=false. 159 cards of the snapshot site show such a row; the API flags 12 tools.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "catalog.cli"]
TOOL = {
    "name": "browser_run_code_unsafe",
    "title": "Run Playwright code (unsafe)",
    "description": "Run a Playwright code snippet. Unsafe: executes arbitrary JavaScript in the Playwright server "
    "process and is RCE-equivalent.",
    "inputSchema": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
    "annotations": {"title": "Run Playwright code (unsafe)", "readOnlyHint": False, "destructiveHint": True,
                    "openWorldHint": True},
}


def run(*args: str, cwd: Path) -> None:
    proc = subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_card_contradiction_matches_the_api(tmp_path):
    (tmp_path / "src").mkdir()
    record = {"name": "contra-qa", "display_name": "contra", "description": "QA",
              "installations": {"npm": {"type": "npm", "command": "npx", "args": ["-y", "contra-qa-pkg"]}},
              "tools": [TOOL]}
    (tmp_path / "src" / "c.json").write_text(json.dumps(record))
    run("crawl", "--source", f"mcpm={tmp_path / 'src'}", "--db", "t.db", cwd=tmp_path)
    run("classify", "--db", "t.db", cwd=tmp_path)
    run("build", "--out", "pub", "--db", "t.db", cwd=tmp_path)
    api = json.loads((tmp_path / "pub" / "api" / "v1" / "servers" / "contra-qa.json").read_text())
    (tool,) = api["tools"]
    (card,) = (tmp_path / "pub" / "tools" / "contra-qa").glob("*/index.html")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", card.read_text())))
    shows_contradiction = "contradiction" in text.split("Declared annotations", 1)[-1].split("Parameters", 1)[0]
    assert shows_contradiction == tool["classification"]["contradicts_declared"]
