"""Without the optional scale-out extra, every command that needs it says so in one line (exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalog.commands.common import scale_extra
from catalog.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]
# A None entry in sys.modules makes `import` raise ImportError: the extra is "not installed".
WITHOUT_EXTRA = (
    "import sys\n"
    "for m in ('celery', 'redis', 'crawler.distributed.app', 'crawler.distributed.enqueue'):\n"
    "    sys.modules[m] = None\n"
    "sys.argv = ['toolrisk', *sys.argv[1:]]\n"
    "from catalog.cli import main\n"
    "main()\n"
)


def test_scale_extra_turns_an_import_error_into_bad_input():
    expected = r"^--distributed needs the scale extra: pip install 'toolrisk\[scale\]' \("
    with pytest.raises(BadInput, match=expected), scale_extra("--distributed"):
        raise ImportError("No module named 'celery'")
    with scale_extra("x"):  # nothing to say when the imports work
        pass


@pytest.mark.parametrize("args", [
    ["crawl", "--snapshot", "--distributed"],
    ["probe", "left-pad@1.3.0", "--registry", "npm", "--distributed"],
    ["worker"],
])
def test_commands_say_how_to_install_the_extra(tmp_path: Path, args: list[str]):
    proc = subprocess.run([sys.executable, "-c", WITHOUT_EXTRA, *args, "--db", str(tmp_path / "t.db")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs the scale extra: pip install 'toolrisk[scale]'" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
