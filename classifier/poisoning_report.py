"""Measure the poisoning detector and write the methodology page section.

    python -m classifier.poisoning_report --out site/docs/methodology-poisoning.md [--json FILE]

Figures: recall on the planted sets (tests/poisoning/*.jsonl), flags on benign near-misses,
the flag rate over every real tool definition found in the bundled snapshot (and the research
corpus when this machine has it), every real hit with a human verdict from
tests/poisoning/real_hits.json, and scan speed. The benchmark (benchmarks/bench_poisoning.py)
prints the same figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalog.models import ToolInput, canonical_json, sha256_hex
from classifier import poisoning
from classifier.poisoning import DETECTOR_VERSION, scan, scan_detail
from classifier.poisoning_corpus import CorpusTool, default_roots, walk

REPO = Path(__file__).resolve().parent.parent
PLANTED_DIR = REPO / "tests" / "poisoning"
JUDGEMENTS = PLANTED_DIR / "real_hits.json"

# First-run figures of each held-out set: (detected, poisoned, near-misses flagged, near-misses).
# Each set was committed before the detector was first run on it; that first run is the honest
# estimate. Later rule rounds looked at the misses of sets 1-3, so today's figures on those are
# optimistic; set 4 was not tuned on (its live figure should equal its first run).
HOLDOUT_FIRST_RUN: dict[str, tuple[int, int, int, int]] = {
    "holdout1": (9, 25, 0, 0),  # phrase rules only
    "holdout2": (16, 25, 0, 10),  # + sentence co-occurrence rules
    "holdout3": (8, 25, 0, 10),  # + round 2; 4 of its cases are non-English, base64 or leetspeak
    "holdout4": (14, 25, 1, 10),  # + round 3; the one near-miss was fixed afterwards (e.g. ended a sentence)
    "holdout5": (17, 25, 1, 10),  # + round 4; near-miss: a tool that validates a .pypirc passed to it
}
HOLDOUT_FILES = {f"holdout{i}": "planted_holdout.jsonl" if i == 1 else f"planted_holdout{i}.jsonl" for i in range(1, 6)}


def _load_cases(name: str) -> list[dict[str, Any]]:
    path = PLANTED_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def planted_stats(cases: list[dict[str, Any]]) -> dict[str, Any]:
    poisoned = [c for c in cases if c["poisoned"]]
    benign = [c for c in cases if not c["poisoned"]]
    missed: list[str] = []
    code_hits: Counter[str] = Counter()
    code_total: Counter[str] = Counter()
    right_code = 0
    for c in poisoned:
        found = {f.code for f in scan(ToolInput.model_validate(c))}
        if not found:
            missed.append(c["id"])
        if found & set(c["codes"]):
            right_code += 1
        for code in c["codes"]:
            code_total[code] += 1
            if found:
                code_hits[code] += 1
    fps = [c["id"] for c in benign if scan(ToolInput.model_validate(c))]
    return {
        "poisoned": len(poisoned),
        "detected": len(poisoned) - len(missed),
        "recall": (len(poisoned) - len(missed)) / len(poisoned) if poisoned else None,
        "expected_code_rate": right_code / len(poisoned) if poisoned else None,
        "missed": missed,
        "benign": len(benign),
        "benign_flagged": fps,
        "per_code": {k: [code_hits[k], code_total[k]] for k in sorted(code_total)},
    }


def _def_hash(t: ToolInput) -> str:
    return sha256_hex(
        canonical_json([t.tool, t.title, t.description, t.input_schema, t.annotations])
    )


def corpus_stats(roots: list[Path], judgements: dict[str, Any]) -> dict[str, Any]:
    records = 0
    per_root: dict[str, int] = {}
    per_format: Counter[str] = Counter()
    unique: dict[str, CorpusTool] = {}
    for root in roots:
        n = 0
        for ct in walk(root):
            n += 1
            per_format[ct.source] += 1
            unique.setdefault(_def_hash(ct.tool), ct)
        per_root[str(root)] = n
        records += n
    hits: list[dict[str, Any]] = []
    near: list[dict[str, Any]] = []
    for h, ct in unique.items():
        flagged, findings = scan_detail(ct.tool)
        if not findings:
            continue
        entry = {
            "server": ct.tool.server,
            "tool": ct.tool.tool,
            "format": ct.source,
            "path": ct.path,
            "definition": h[:12],
            "findings": [dict(asdict(f), strong=strong) for strong, f in findings],
        }
        if flagged:
            key = f"{ct.tool.server}::{ct.tool.tool}"
            verdict = judgements.get(key) or {"verdict": "unjudged", "note": ""}
            entry["verdict"] = verdict
            hits.append(entry)
        else:
            entry["verdict"] = judgements.get(f"{ct.tool.server}::{ct.tool.tool}")
            near.append(entry)
    n_unique = len(unique)
    return {
        "roots": per_root,
        "records": records,
        "per_format": dict(per_format),
        "unique_definitions": n_unique,
        "flagged": len(hits),
        "flag_rate": len(hits) / n_unique if n_unique else None,
        "false_positives": sum(1 for h in hits if h["verdict"]["verdict"] == "false positive"),
        "hits": hits,
        "weak_only": near,
    }


def speed(tools: list[ToolInput], repeats: int = 3) -> dict[str, float]:
    """Tools per CPU-second, cold cache (first pass) and warm (best of the following passes)."""
    poisoning.clear_caches()
    t0 = time.process_time()
    for t in tools:
        scan(t)
    cold = len(tools) / max(time.process_time() - t0, 1e-9)
    warm = 0.0
    for _ in range(repeats):
        t0 = time.process_time()
        for t in tools:
            scan(t)
        warm = max(warm, len(tools) / max(time.process_time() - t0, 1e-9))
    return {"tools": len(tools), "cold_tools_per_cpu_s": round(cold), "warm_tools_per_cpu_s": round(warm)}


def measure(roots: list[Path] | None = None) -> dict[str, Any]:
    roots = roots if roots is not None else default_roots(REPO)
    judgements = json.loads(JUDGEMENTS.read_text(encoding="utf-8")) if JUDGEMENTS.exists() else {}
    corpus = corpus_stats(roots, judgements)
    tools = [ct.tool for root in roots[:1] for ct in walk(root)]
    return {
        "detector_version": DETECTOR_VERSION,
        "measured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "planted": planted_stats(_load_cases("planted.jsonl")),
        **{name: planted_stats(_load_cases(fname)) for name, fname in HOLDOUT_FILES.items()},
        "holdout_first_run": {k: list(v) for k, v in HOLDOUT_FIRST_RUN.items()},
        "corpus": corpus,
        "speed": speed(tools) if tools else None,
    }


def _root_label(root: str) -> str:
    path = Path(root).resolve()
    try:
        return str(path.relative_to(REPO)) + "/"
    except ValueError:
        return str(path) + "/ (research corpus, not in the repo)"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def _md_escape(text: str, limit: int = 140) -> str:
    text = text if len(text) <= limit else text[:limit] + "…"
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return text.replace("|", "\\|").replace("`", "ʼ").replace("<", "&lt;").replace(">", "&gt;")


def render(m: dict[str, Any]) -> str:
    p, c = m["planted"], m["corpus"]
    first = m["holdout_first_run"]
    fresh_hit = sum(v[0] for v in first.values())
    fresh_all = sum(v[1] for v in first.values())
    lines = [
        "# Poisoning detector: method and measured accuracy",
        "",
        "<!-- generated by `python -m classifier.poisoning_report --out site/docs/methodology-poisoning.md`;"
        " do not edit by hand -->",
        "",
        f"Detector `{DETECTOR_VERSION}`, measured {m['measured_at']} (Python {m['python']}).",
        "",
        "## What it looks for",
        "",
        "Tool names, titles, descriptions, every string and property name inside the input schema, and",
        "the annotations are read as a model reads them. A tool gets the `poisoning` flag, with a quoted",
        "finding and a reason code each, when one of these is present:",
        "",
        "| code | what |",
        "|---|---|",
        "| `hidden_instruction` | instructions to the model that override its own (ignore previous instructions, persona switches, consent claimed in advance, hidden HTML/Markdown comments) |",
        "| `important_block` | pseudo-tags and headers addressed to the model: `<IMPORTANT>`, `<SYSTEM>`, `[INST]`, `SYSTEM OVERRIDE:` |",
        "| `conceal_from_user` | telling the model to keep an action from the user |",
        "| `credential_request` | asking the model to read credential files or collect secrets unrelated to the tool |",
        "| `file_exfiltration` | shipping user data to a fixed outside address (hidden BCC, copies to a URL) |",
        "| `exfil_parameter` | routing secrets, the conversation or the system prompt through an argument |",
        "| `shadowing` | changing how the model uses *other* tools or servers (redirected recipients, prefixed commands, 'do not use other servers') |",
        "| `invisible_unicode`, `bidi_override`, `tag_characters` | zero-width characters, direction overrides, Unicode tag 'ASCII smuggling' (decoded in the finding) |",
        "| `ansi_escape`, `control_characters` | terminal escapes and control characters that hide text in terminal clients |",
        "| `homoglyph_name` | names mixing look-alike letters from other scripts (`reаd_file` with a Cyrillic а) |",
        f"| `oversized_description`, `padding` | descriptions over {poisoning.OVERSIZED_CHARS:,} characters, or blank space that pushes text out of view |",
        "",
        "Two kinds of rules: phrase rules with bounded gaps (never an unbounded `.*` across a",
        "paragraph, the cause of one scanner's 7-of-7 false HIGH findings), and sentence-level",
        "co-occurrence rules that need several kinds of evidence in one sentence (a credential object, a",
        "verb that moves it, and a parameter to put it in). Scary words alone — IMPORTANT, secret, token,",
        "password, BCC — fire nothing. A few rules are *weak*: they count only when a second, different",
        "rule fires on the same tool. The detector is deterministic, offline and open; it runs on every",
        "tool the catalog classifies, and a flagged tool's recommended policy becomes deny.",
        "",
        "## Planted poisoned definitions (recall)",
        "",
        "Written from public attack write-ups (Invariant Labs tool poisoning and shadowing, Trail of Bits",
        "line jumping, conversation theft and ANSI escapes, CyberArk full-schema poisoning, ASCII smuggling,",
        "Trojan Source, the postmark-mcp BCC backdoor, MCPTox templates); sources in",
        "`tests/poisoning/planted_src.py`.",
        "",
        "| set | poisoned | detected | recall | right reason code | benign near-misses flagged |",
        "|---|---|---|---|---|---|",
        f"| planted (rules tuned on it) | {p['poisoned']} | {p['detected']} | **{_pct(p['recall'])}** | "
        f"{_pct(p['expected_code_rate'])} | {len(p['benign_flagged'])} of {p['benign']} |",
    ]
    for i in range(1, len(HOLDOUT_FILES) + 1):
        name = f"holdout{i}"
        hit, tot, fp, ben = first[name]
        today = m[name]
        lines.append(
            f"| held-out {i}, first run (before any tuning on it) | {tot} | {hit} | **{_pct(hit / tot)}** | – | "
            f"{fp} of {ben} |"
        )
        lines.append(
            f"| held-out {i}, today | {today['poisoned']} | {today['detected']} | {_pct(today['recall'])} | "
            f"{_pct(today['expected_code_rate'])} | {len(today['benign_flagged'])} of {today['benign']} |"
        )
    lines += [
        f"| **all held-out sets, first runs** | {fresh_all} | {fresh_hit} | **{_pct(fresh_hit / fresh_all)}** | – | "
        f"{sum(v[2] for v in first.values())} of {sum(v[3] for v in first.values())} |",
        "",
        "Read the first-run rows as the honest estimate. Each held-out set was committed before the",
        "detector ever saw it; after its first run the misses were studied and the rules generalised,",
        "then a new set was written (first runs: 36 %, 64 %, 32 %, 56 %, 68 %). Rules tuned on one set",
        "of phrasings catch roughly half to two thirds of a new",
        f"set ({_pct(fresh_hit / fresh_all)} over all first runs); the planted-set figure measures",
        "coverage of the published attack patterns, not resistance to a paraphrasing attacker. Known",
        "blind spots: instructions in other languages, base64 or leetspeak, and any wording that uses",
        "none of the cue words. The detector is a tripwire, not a proof of safety. Rug pulls (a",
        "definition that turns hostile after approval) are caught by the catalog's version history:",
        "every changed definition gets a new hash and is scanned again.",
        "",
    ]
    missed = {name: m[name]["missed"] for name in ["planted", *HOLDOUT_FILES] if m[name]["missed"]}
    if missed:
        lines.append("Missed today: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in missed.items()) + ".")
        lines.append("")
    lines += [
        "## Real tools (false-positive rate)",
        "",
        f"All tool definitions found in {', '.join(f'`{_root_label(r)}` ({n:,} records)' for r, n in c['roots'].items())}:",
        f"{c['records']:,} records, **{c['unique_definitions']:,} distinct definitions**.",
        "",
        f"Flagged: **{c['flagged']} of {c['unique_definitions']:,} = {_pct(c['flag_rate'])}** "
        f"(target ≤ 0.5 %); judged false positives: {c['false_positives']}.",
        "",
    ]
    if c["hits"]:
        lines += ["| server | tool | code | quote | verdict |", "|---|---|---|---|---|"]
        for hit in c["hits"]:
            for f in hit["findings"]:
                lines.append(
                    f"| {_md_escape(hit['server'], 40)} | {_md_escape(hit['tool'], 40)} | `{f['code']}` | "
                    f"`{_md_escape(f['quote'])}` | {hit['verdict']['verdict']}: {_md_escape(hit['verdict']['note'], 200)} |"
                )
        lines.append("")
    else:
        lines += ["No real tool definition is flagged.", ""]
    lines += [
        f"Single weak signals that did not make a flag (a weak rule needs a second, different rule): "
        f"{len(c['weak_only'])} definitions, each read and judged:",
        "",
    ]
    if c["weak_only"]:
        lines += ["| server | tool | code | quote | judgement |", "|---|---|---|---|---|"]
        for w in c["weak_only"]:
            v = w.get("verdict") or {"verdict": "unjudged", "note": ""}
            for f in w["findings"]:
                lines.append(
                    f"| {_md_escape(w['server'], 40)} | {_md_escape(w['tool'], 40)} | `{f['code']}` | "
                    f"`{_md_escape(f['quote'])}` | {v['verdict']}: {_md_escape(v['note'], 200)} |"
                )
        lines.append("")
    lines += [
        "Real descriptions we deliberately do not flag: the reference `fetch` server's \"Although",
        "originally you did not have internet access, and were advised to refuse and tell the user",
        "this, this tool now grants you internet access\" (it addresses the model, but asks for nothing",
        "harmful), and cross-tool hints such as \"you MUST use getTodayDate tool instead of hardcoding any",
        "date\" (same server, benign).",
        "",
    ]
    sp = m.get("speed")
    if sp:
        lines += [
            "## Speed",
            "",
            f"{sp['tools']:,} real tools: {sp['cold_tools_per_cpu_s']:,} tools per CPU-second on the first pass,",
            f"{sp['warm_tools_per_cpu_s']:,} when repeated parameter descriptions hit the cache (one core).",
            "",
        ]
    lines += [
        "## Reproduce",
        "",
        "```",
        "python benchmarks/bench_poisoning.py            # figures on stdout, --json FILE for every hit",
        "python -m classifier.poisoning_report --out site/docs/methodology-poisoning.md",
        "```",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the Markdown page here")
    ap.add_argument("--json", type=Path, help="write all measurements (every hit and near hit) as JSON")
    ap.add_argument("--corpus", type=Path, action="append", help="corpus root (repeatable); default: "
                    "the bundled snapshot/, then the research corpus if present")
    args = ap.parse_args(argv)
    m = measure(args.corpus)
    if args.json:
        args.json.write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    page = render(m)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
