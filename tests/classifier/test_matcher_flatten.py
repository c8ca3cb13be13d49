"""any_of/all_of/none_of open up nested combinators of their own kind: the flat form must give
the same answer as calling the nested matchers one inside the other."""

from __future__ import annotations

import itertools

from classifier.rules.matchers import all_of, any_of, none_of


def _const(answer: tuple[str, str] | None, log: list[str], name: str):
    def m(t: object) -> tuple[str, str] | None:
        log.append(name)
        return answer

    return m


def _nested_reference(kind: str, outer: list, inner: list):
    """The answer of kind(kind(*inner), *outer) computed by hand, without flattening."""

    def call(parts: list, t: object):
        if kind == "any":
            for p in parts:
                hit = p(t)
                if hit:
                    return hit
            return None
        hit = parts[0](t)
        if hit is None:
            return None
        for p in parts[1:]:
            got = p(t)
            if kind == "all" and got is None:
                return None
            if kind == "none" and got is not None:
                return None
        return hit

    return lambda t: call([lambda u: call(inner, u), *outer], t)


def test_nested_combinators_answer_as_unflattened() -> None:
    build = {"any": any_of, "all": all_of, "none": none_of}
    answers = [None, ("name", "a"), ("description", "b")]
    for kind, combo in itertools.product(build, itertools.product(answers, repeat=4)):
        log_new: list[str] = []
        log_ref: list[str] = []
        new_parts = [_const(a, log_new, str(i)) for i, a in enumerate(combo)]
        ref_parts = [_const(a, log_ref, str(i)) for i, a in enumerate(combo)]
        f = build[kind]
        flat = f(f(*new_parts[:2]), *new_parts[2:])
        ref = _nested_reference(kind, ref_parts[2:], ref_parts[:2])
        assert flat(None) == ref(None), (kind, combo)
        # same parts tried in the same order (a part may be costly or have a quote of its own)
        assert log_new == log_ref, (kind, combo)
