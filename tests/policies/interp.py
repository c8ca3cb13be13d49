"""Small interpreters of each gateway's documented semantics, used to check generated starters.

Each `decide_<fmt>(text, server_key, tool, args)` returns an Outcome: what that gateway would do
with one tools/call. They parse the generated text the way the gateway does (JSON, YAML, Cedar via
cedarpy, a CEL subset) and refuse anything outside what they understand, so an unexpected
construct fails the test instead of passing silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import cedarpy
import jsonschema
import yaml

SCHEMAS = Path(__file__).resolve().parents[2] / "catalog" / "policies" / "schemas"
WINDOW_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Outcome:
    kind: str  # "allow" | "limit" | "deny"
    max: int | None = None
    window: str | None = None

    @property
    def rank(self) -> int:
        return {"allow": 0, "limit": 1, "deny": 2}[self.kind]

    def rate(self) -> float:
        if self.kind != "limit":
            return float("inf") if self.kind == "allow" else 0.0
        assert self.max is not None and self.window is not None
        return self.max / WINDOW_SECONDS[self.window]

    def at_least_as_strict_as(self, other: Outcome) -> bool:
        if self.rank != other.rank:
            return self.rank > other.rank
        return self.kind != "limit" or self.rate() <= other.rate() + 1e-12


ALLOW = Outcome("allow")
DENY = Outcome("deny")


@cache
def validator(schema_file: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(schema_file: str, doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:300]}" for e in validator(schema_file).iter_errors(doc)]


@lru_cache(maxsize=64)
def _parse_yaml(text: str) -> Any:
    doc = yaml.safe_load(text)
    # libyaml and the pure-Python parser must agree: a difference would mean an escape that
    # parsers read differently.
    assert yaml.load(text, Loader=yaml.CSafeLoader) == doc
    return doc


@lru_cache(maxsize=64)
def _parse_json(text: str) -> Any:
    return json.loads(text)


def _tightest(limits: list[dict[str, Any]]) -> Outcome:
    best = min(limits, key=lambda lim: lim["max"] / WINDOW_SECONDS[lim["window"]])
    return Outcome("limit", best["max"], best["window"])


def _resolve(args: dict[str, Any], path: str) -> tuple[Any, bool]:
    assert path.startswith("args."), path
    cur: Any = args
    for part in path[len("args.") :].split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None, False
        cur = cur[part]
    return cur, True


def _go_fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "<nil>"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _go_eq(a: Any, b: Any) -> bool:
    """Intercept's evalEq: numeric when both are numbers, else compare their %v text."""
    num = (int, float)
    if isinstance(a, num) and not isinstance(a, bool) and isinstance(b, num) and not isinstance(b, bool):
        return float(a) == float(b)
    return _go_fmt(a) == _go_fmt(b)


def _condition_holds(cond: dict[str, Any], args: dict[str, Any]) -> bool:
    """One {path, op, value} condition, as Intercept's engine evaluates it (missing path: false)."""
    val, exists = _resolve(args, cond["path"])
    op, expected = cond["op"], cond.get("value")
    if op == "exists":
        return (exists and val is not None) == expected
    if not exists:
        return False
    if op == "eq":
        return _go_eq(val, expected)
    if op == "neq":
        return not _go_eq(val, expected)
    if op == "in":
        return any(_go_eq(val, x) for x in expected)
    if op == "not_in":
        return not any(_go_eq(val, x) for x in expected)
    raise AssertionError(f"interpreter does not know op {op!r}")


# --- PolicyLayer ---------------------------------------------------------------------------
def decide_policylayer(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    doc = _parse_json(text)
    hide = doc.get("hide", [])
    if tool in hide or "*" in hide:
        return DENY
    tools = doc.get("tools", {})
    if tool not in tools:
        return DENY if doc["default"] == "deny" else ALLOW
    entry = tools[tool]
    for rule in entry.get("deny_if", []):
        if all(_condition_holds(c, args) for c in rule["conditions"]):
            return DENY
    if entry.get("limits"):
        return _tightest(entry["limits"])
    return ALLOW


# --- Intercept -----------------------------------------------------------------------------
def intercept_semantic_errors(doc: dict[str, Any]) -> list[str]:
    """The checks validate.go does that a JSON Schema cannot: duplicate counters, state refs."""
    errors = []
    for name, tdef in (doc.get("tools") or {}).items():
        seen: set[str] = set()
        for rule in (tdef or {}).get("rules") or []:
            counter = None
            if "rate_limit" in rule:
                counter = "_rate_" + rule["rate_limit"].split("/")[1]
            elif rule.get("state"):
                counter = rule["state"]["counter"]
            if counter is not None:
                if counter in seen:
                    errors.append(f"{name}: duplicate counter {counter}")
                seen.add(counter)
            for cond in rule.get("conditions") or []:
                if cond["path"].startswith("state."):
                    errors.append(f"{name}: state condition without checking its block")
    return errors


def decide_intercept(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    doc = _parse_yaml(text)
    hide = doc.get("hide") or []
    if tool in hide or "*" in hide:
        return DENY
    tools = doc.get("tools") or {}
    if doc.get("default", "allow") == "deny" and tool not in tools:
        return DENY
    rules = list((tools.get(tool) or {}).get("rules") or [])
    wildcard: list[dict[str, Any]] = []
    if tool != "*":
        wildcard = list((tools.get("*") or {}).get("rules") or [])
    limits: list[dict[str, Any]] = []
    for rule in rules + [dict(r, _wild=True) for r in wildcard]:
        if rule.get("action") == "deny":
            return DENY
        if "rate_limit" in rule:
            if not rule.get("_wild"):  # the "*" cap is server-wide, not this tool's decision
                n, window = rule["rate_limit"].split("/")
                limits.append({"max": int(n), "window": window})
            continue
        conds = rule.get("conditions") or []
        assert conds, "evaluate rule without conditions"
        if not all(_condition_holds(c, args) for c in conds):
            return DENY
    return _tightest(limits) if limits else ALLOW


# --- ToolHive Cedar ------------------------------------------------------------------------
@lru_cache(maxsize=64)
def cedar_policy_set(text: str) -> Any:
    return cedarpy.PolicySet.from_str("\n".join(json.loads(text)["cedar"]["policies"]))


def decide_cedar(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    policies = cedar_policy_set(text)
    # ToolHive puts each argument on the resource entity as arg_<name> (docs/authz.md).
    attrs = {f"arg_{k}": v for k, v in args.items() if isinstance(v, (bool, str, int))}
    entities = [{"uid": {"type": "Tool", "id": tool}, "attrs": attrs, "parents": []}]
    request = {
        "principal": {"type": "Client", "id": "tester"},
        "action": {"type": "Action", "id": "call_tool"},
        "resource": {"type": "Tool", "id": tool},
        "context": {},
    }
    result = cedarpy.is_authorized(request, policies, entities)
    assert not result.diagnostics.errors, result.diagnostics.errors
    return ALLOW if result.allowed else DENY


# --- agentgateway (CEL subset) -------------------------------------------------------------
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<ident>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op>==|&&|\[|\]|,))'
)
_CEL_ESC = re.compile(r'\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[\\"\'nrtabfv?`])')
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _cel_unescape(lit: str) -> str:
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "uUx":
            return chr(int(e[1:], 16))
        return _SIMPLE.get(e, e)

    return _CEL_ESC.sub(one, lit[1:-1])


def _tokens(expr: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            if expr[pos:].strip() == "":
                break
            raise AssertionError(f"CEL outside the subset at {pos}: {expr[pos : pos + 40]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _eval_term(toks: list[tuple[str, str]], expr: str, tool: str, target: str) -> bool:
    if toks in ([("ident", "false")], [("ident", "true")]):
        return toks[0][1] == "true"
    assert toks[0] in (("ident", "mcp.tool.name"), ("ident", "mcp.tool.target")), expr
    subject = tool if toks[0][1] == "mcp.tool.name" else target
    if toks[1] == ("op", "==") and len(toks) == 3 and toks[2][0] == "str":
        return _cel_unescape(toks[2][1]) == subject
    assert toks[1] == ("ident", "in") and toks[2] == ("op", "[") and toks[-1] == ("op", "]"), expr
    names, expect_item = [], True
    for kind, val in toks[3:-1]:
        if expect_item:
            assert kind == "str", expr
            names.append(_cel_unescape(val))
        else:
            assert (kind, val) == ("op", ","), expr
        expect_item = not expect_item
    return subject in names


def eval_cel(expr: str, tool: str, target: str = "") -> bool:
    """The CEL subset the starters use: `&&` of name/target equality or `in` list, or a constant."""
    terms: list[list[tuple[str, str]]] = [[]]
    for tok in _tokens(expr):
        if tok == ("op", "&&"):
            terms.append([])
        else:
            terms[-1].append(tok)
    return all(_eval_term(t, expr, tool, target) for t in terms)


def agentgateway_rules(text: str) -> list[Any]:
    return _parse_yaml(text)["mcp"]["policies"]["mcpAuthorization"]["rules"]


def decide_agentgateway(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    rules = agentgateway_rules(text)
    allows, denies, requires = [], [], []
    for r in rules:
        if isinstance(r, str):
            allows.append(r)
        else:
            ((k, v),) = r.items()
            {"allow": allows, "deny": denies, "require": requires}[k].append(v)
    if not rules:
        return ALLOW
    if any(eval_cel(e, tool, server_key) for e in denies):
        return DENY
    if any(not eval_cel(e, tool, server_key) for e in requires):
        return DENY
    if any(eval_cel(e, tool, server_key) for e in allows):
        return ALLOW
    return DENY if allows else ALLOW


# --- Docker tools.yaml ---------------------------------------------------------------------
def decide_docker(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    doc = _parse_yaml(text) or {}
    if server_key not in doc:
        return ALLOW  # isToolEnabled: a server without a key has every tool enabled
    return ALLOW if tool in (doc[server_key] or []) else DENY


# --- MCPJungle -----------------------------------------------------------------------------
def decide_mcpjungle(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    doc = _parse_json(text)
    return ALLOW if f"{server_key}__{tool}" in doc.get("included_tools", []) else DENY


# --- Envoy AI Gateway MCPRoute toolSelector ------------------------------------------------
_RE2_HEX = re.compile(r"\\x\{([0-9a-fA-F]+)\}")


def re2_to_python(pattern: str) -> re.Pattern[str]:
    """The RE2 subset we emit (\\x{hex} escapes, punctuation escapes, (?s), (?:...)) as a Python regex."""
    return re.compile(_RE2_HEX.sub(lambda m: f"\\U{int(m.group(1), 16):08x}", pattern))


def envoy_names(text: str) -> set[str]:
    """Tool names an Envoy selector includes, decoded from `include` or our anchored alternations."""
    sel = _parse_yaml(text)["spec"]["backendRefs"][0].get("toolSelector") or {}
    names = set(sel.get("include") or [])
    for p in sel.get("includeRegex") or []:
        assert p.startswith("^(?:") and p.endswith(")$"), p
        body, i, cur = p[4:-2], 0, []
        while i < len(body):
            ch = body[i]
            if ch == "\\":
                m = re.match(r"x\{([0-9a-fA-F]+)\}", body[i + 1 :])
                if m:
                    cur.append(chr(int(m.group(1), 16)))
                    i += 1 + m.end()
                    continue
                cur.append(body[i + 1])
                i += 2
                continue
            assert ch != "(" and ch != ")", p  # only literals inside the alternation
            if ch == "|":
                names.add("".join(cur))
                cur = []
            else:
                cur.append(ch)
            i += 1
        names.add("".join(cur))
    return names


def decide_envoy(text: str, server_key: str, tool: str, args: dict[str, Any]) -> Outcome:
    doc = _parse_yaml(text)
    backends = doc["spec"]["backendRefs"]
    assert len(backends) == 1
    sel = backends[0].get("toolSelector")
    if not sel:
        return ALLOW
    # Partial-match semantics (Go regexp MatchString) are the conservative reading for includes.
    if tool in (sel.get("exclude") or []) or any(
        re2_to_python(p).search(tool) for p in sel.get("excludeRegex") or []
    ):
        return DENY
    if "include" in sel:
        return ALLOW if tool in sel["include"] else DENY
    if "includeRegex" in sel:
        return ALLOW if any(re2_to_python(p).search(tool) for p in sel["includeRegex"]) else DENY
    return ALLOW


DECIDERS = {
    "policylayer": decide_policylayer,
    "intercept": decide_intercept,
    "cedar": decide_cedar,
    "agentgateway": decide_agentgateway,
    "docker": decide_docker,
    "envoy": decide_envoy,
    "mcpjungle": decide_mcpjungle,
}


def validate(fmt: str, text: str) -> None:
    """Raise AssertionError if the document does not parse or validate for its format."""
    if fmt == "policylayer":
        errs = schema_errors("policylayer-policy.schema.json", json.loads(text))
    elif fmt == "intercept":
        doc = _parse_yaml(text)
        errs = schema_errors("intercept-policy.schema.json", doc) + intercept_semantic_errors(doc)
    elif fmt == "cedar":
        doc = json.loads(text)
        errs = schema_errors("toolhive-authz-config.schema.json", doc)
        cedarpy.policies_to_json_str("\n".join(doc["cedar"]["policies"]))  # raises on a parse error
        assert json.loads(doc["cedar"]["entities_json"]) == []
    elif fmt == "agentgateway":
        doc = _parse_yaml(text)
        errs = schema_errors("agentgateway-config.schema.json", doc)
        for r in agentgateway_rules(text):
            eval_cel(r if isinstance(r, str) else next(iter(r.values())), "probe")
    elif fmt == "docker":
        errs = schema_errors("docker-mcp-tools-yaml.schema.json", _parse_yaml(text))
    elif fmt == "mcpjungle":
        errs = schema_errors("mcpjungle-group.schema.json", json.loads(text))
    elif fmt == "envoy":
        doc = _parse_yaml(text)
        errs = schema_errors("envoy-mcproute.schema.json", doc)
        for p in (doc["spec"]["backendRefs"][0].get("toolSelector") or {}).get("includeRegex") or []:
            re2_to_python(p)
    else:
        raise AssertionError(f"no validator for {fmt}")
    assert not errs, f"{fmt}: {errs[:5]}"
