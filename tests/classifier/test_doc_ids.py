"""features.doc_ids (the model's fast path) gives the indices of doc_tokens, and rows_of_ids the same rows."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import ToolInput
from classifier.features import Vocabulary, doc_ids, doc_tokens
from classifier.text import ToolText
from tests.classifier.test_rule_gates import _tools


def _vocab(texts: list[ToolText]) -> Vocabulary:
    # a vocabulary of the tools themselves, so most of their tokens are features
    return Vocabulary.fit([doc_tokens(t, t.rule_hits()) for t in texts], block_weights={"name": 2.0})


def _known(tokens: list[str], vocab: Vocabulary) -> Counter[int]:
    return Counter(vocab.index[x] for x in tokens if x in vocab.index)


def test_doc_ids_are_the_indices_of_doc_tokens_on_every_labelled_tool() -> None:
    texts = [ToolText.from_input(tool, hide_annotations=hide) for tool in _tools() for hide in (False, True)]
    vocab = _vocab(texts)
    assert len(vocab.index) > 1000
    docs = [doc_tokens(t, t.rule_hits()) for t in texts]
    ids = [doc_ids(t, t.rule_hits(), vocab) for t in texts]
    for t, d, i in zip(texts, docs, ids, strict=True):
        assert Counter(x for x in i if x >= 0) == _known(d, vocab), t.id
    for want, got in zip(vocab.rows(docs), vocab.rows_of_ids(ids), strict=True):
        assert np.array_equal(want, got)


_VOCAB = _vocab([ToolText.from_input(tool) for tool in _tools()[:600]])
_WORDS = st.sampled_from(["the", "get", "list", "delete", "run", "SQL", "query", "not", "file", "é", "Ä", "\u212a"])
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=40).map(" ".join)
_NAME = st.lists(st.sampled_from(["get", "List", "run_SQL", "deleteFile", "x1", "ab"]), max_size=4).map("_".join)


@settings(max_examples=300, deadline=None)
@given(name=_NAME, title=_TEXT, description=_TEXT, props=st.lists(st.sampled_from(["query", "path", "amount", "x"]), max_size=4))
def test_doc_ids_match_doc_tokens_on_any_text(name: str, title: str, description: str, props: list[str]) -> None:
    schema = {"type": "object", "properties": {p: {"type": "string", "description": title} for p in props}}
    tool = ToolInput(id="s/t", server="s", tool=name or "t", title=title, description=description, input_schema=schema)
    t = ToolText.from_input(tool)
    got = doc_ids(t, t.rule_hits(), _VOCAB)
    assert Counter(x for x in got if x >= 0) == _known(doc_tokens(t, t.rule_hits()), _VOCAB)
