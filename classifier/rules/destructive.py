"""Destruction rules: whole data stores, bulk deletes, remote and local deletes."""

from __future__ import annotations

import re

from classifier.lexicon import W
from classifier.rules.contexts import _DRAG_AND_DROP, _LOCAL, _SESSION_SCRATCH, _TERMINAL_SESSION
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    enum_value,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    set_gate,
)
from classifier.text import ToolText

_OPENAPI_METHOD = re.compile(r"(?:get|post|put|patch|delete)_\w*__", re.IGNORECASE)
_DELETE_LEAD = re.compile(r"^\W*(?:permanently\s+)?(?:delete|remove|destroy|purge|erase|drop)", re.IGNORECASE)


def _openapi_method_name(t: ToolText) -> Match | None:
    """`delete_profile__id__web`: a name an OpenAPI generator made from the HTTP method and the path. Its
    first word is the method, not the action; the description ("Stop profile in the cloud") says what it does."""
    if "__" not in t.name or not _OPENAPI_METHOD.match(t.name):
        return None
    lead = t.lead
    if not lead or _DELETE_LEAD.match(lead):
        return None
    return "name", t.name


# it returns nothing unless the name holds a double underscore
set_gate(_openapi_method_name, (Gate(always=frozenset({"__"})),))

# Round 7 (rubric: a local task list is local state): "Delete unfinished tasks", "Only uncompleted tasks can be
# deleted", "reset the task list": the agent's own work queue, whose finished tasks are kept, not a shared tracker.
_AGENT_TASK_QUEUE = rx(
    r"\b(?:only\s+)?(?:uncompleted|unfinished)\s+(?:sub)?tasks?\b|\breset\s+the\s+task\s+list\b",
    ("description",),
    needles=("uncompleted", "unfinished", "task list"),
)

# Round 9e: `delete_project_endpoint`, `delete_database_backup`: a store word followed by another noun names where
# the deleted thing lives, not what is deleted (the endpoint goes, the project stays). Words that only say how the
# store is picked or deleted (`delete_project_by_id`, `drop_database_force`) leave the store as the object.
_STORE_NOUNS = W("database databases db repository repo collection bucket keyspace cluster project organization")
_DATABASE_ENGINES = W("postgres postgresql mysql mariadb mongo mongodb redis database db")
_STORE_WORDS = frozenset(_STORE_NOUNS + _DATABASE_ENGINES)
_NAME_TAIL_WORDS = frozenset(
    W(
        "id ids by name uuid key permanently force forever completely entirely async tool "
        "delete drop destroy remove purge wipe flush clear empty"
    )
)


def _store_qualifies_object(t: ToolText) -> Match | None:
    toks = [tok.text for tok in t.name_tokens]
    last = max((i for i, w in enumerate(toks) if w in _STORE_WORDS), default=-1)
    if last < 0:
        return None
    rest = [w for w in toks[last + 1 :] if w not in _NAME_TAIL_WORDS and not w.isdigit()]
    return ("name", t.name) if rest else None


DESTRUCTIVE_RULES: list[Rule] = [
    # Destruction.
    Rule(
        "delete.data_store",
        "can destroy a whole data store (database, repository, collection, bucket, project)",
        none_of(
            any_of(
                none_of(
                    name_has(
                        ["delete", "drop", "destroy", "purge", "wipe", "flush", "clear", "empty"],
                        _STORE_NOUNS,
                        first=True,
                    ),
                    _store_qualifies_object,
                ),
                none_of(
                    name_has(W("delete drop destroy remove"), _DATABASE_ENGINES),
                    _store_qualifies_object,
                ),
                # Round 10j: `docker_compose_down(project_dir, volumes)` "Stop and remove Compose services, networks,
                # and optionally volumes": `down -v` deletes the stack's named volumes, its databases with them.
                all_of(
                    name_has(["compose"], W("down teardown destroy")),
                    prop_named(r"(?:remove_?|delete_?|prune_?|with_?)?volumes"),
                ),
                # Round 8: a search or vector index is the whole store of its documents (a SQL table's index is not).
                none_of(
                    all_of(
                        name_has(W("delete drop destroy purge wipe"), W("index indexes indices"), first=True),
                        rx(
                            r"\b(?:search|vectors?|embeddings?|documents?|elasticsearch|opensearch|pinecone|meilisearch|algolia|"
                            r"typesense|solr|weaviate|qdrant|milvus|chroma|lancedb|turbopuffer)\b",
                            ("server", "description", "title"),
                        ),
                    ),
                    rx(r"\btables?\b", ("description", "name")),
                ),
                rx(
                    r"^\W*(?:drop|delete|destroy|wipe|purge|remove)s?(?:/\w+)?\s+(?:an?\s+|the\s+|entire\s+|whole\s+)*"
                    r"(?:\w+\s+)?(?:database|repository|collection|bucket|keyspace|cluster)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
                # "Delete a Storage Box permanently. All data, snapshots, and subaccounts will be permanently deleted":
                # the description itself says the whole store goes.
                none_of(
                    all_of(
                        # (stop 24: `hetzner_delete_storage_box`, a vendor word before the verb)
                        any_of(
                            name_has(W("delete destroy remove purge wipe"), first=True),
                            lead_rx(
                                r"^\W*(?:permanently\s+)?(?:delete|deletes|destroy|destroys|remove|removes|purge|purges)\b",
                                needles=("delete", "destroy", "remove", "purge"),
                            ),
                        ),
                        rx(
                            r"\ball\s+(?:of\s+)?(?:its\s+|the\s+|their\s+)?(?:data|records|snapshots|backups)\b[^.\n]{0,60}"
                            r"\b(?:will\s+be|are|is|gets?)\s+(?:permanently\s+|irreversibly\s+)?(?:deleted|lost|erased|destroyed|removed)\b",
                            ("description",),
                            needles=("all",),
                        ),
                    ),
                    # a local file or folder deleted with its contents is a local edit
                    name_has(W("file files directory directories folder folders dir path")),
                ),
                # Round 8t: "Delete a Railway project and all its resources": the description says everything in it goes.
                lead_rx(
                    # (stop 24: "[API] Delete a Railway project and all its resources", a bracketed tag first)
                    r"^\W*(?:\[[^\]\n]{0,30}\]\s*)?(?:delete|deletes|destroy|destroys|remove|removes)\s+(?:an?\s+|the\s+)?"
                    # (round 10r: "Delete a GitLab group and all projects within it (cascading delete)")
                    r"(?:[\w-]+\s+){0,2}?(?:projects?|accounts?|workspaces?|organi[sz]ations?|environments?|clusters?|tenants?|"
                    r"groups?|namespaces?)\s+and\s+all\s+(?:of\s+)?(?:its\s+|their\s+|the\s+)?"
                    r"(?:resources|data|services|contents|databases|projects|repositories|workloads)\b",
                    needles=("all",),
                ),
                # Round 10r: `delete_namespace` "删除指定的命名空间": deleting a namespace deletes every workload, secret and
                # volume claim in it.
                name_has(W("delete destroy remove purge"), W("namespace namespaces"), first=True),
                # Round 9m: "Initialize a raw disk device with a clean GPT partition table. WARNING: Destroys all data on
                # the specified block device": a wiped disk is every store on it.
                rx(
                    r"\b(?:destroys?|erases?|wipes?|deletes?|removes?|overwrites?)\s+(?:all|every|any)\s+(?:existing\s+)?"
                    r"(?:data|contents?|files|partitions)\s+on\s+(?:the\s+|this\s+|that\s+|a\s+)?(?:specified\s+|target\s+|"
                    r"selected\s+|given\s+)?(?:block\s+|raw\s+|physical\s+|storage\s+)?(?:device|disk|drive|volume)s?\b"
                    r"|\ball\s+(?:existing\s+)?data\s+on\s+(?:the\s+)?(?:block\s+|raw\s+|physical\s+)?(?:device|disk|drive)\s+"
                    r"(?:will\s+be|is|gets)\s+(?:permanently\s+)?(?:lost|destroyed|erased|wiped|deleted)\b",
                    ("description",),
                    needles=("all data", "all existing", "every", "any", "all contents", "all files", "all partitions"),
                ),
                # "Clear all keys in a Redis database", "Flush the current database": every record of the store.
                lead_rx(
                    r"^\W*(?:clear|clears|flush|flushes|empty|empties|wipe|wipes|delete|deletes|remove|removes)\s+"
                    r"(?:all\s+(?:the\s+)?(?:keys|data|records|documents|rows|entries|items|objects)\s+(?:in|from|of)\s+|"
                    r"(?:the\s+)?(?:current\s+|entire\s+|whole\s+)?)(?:an?\s+|the\s+|this\s+)?(?:[\w-]+\s+)?"
                    r"(?:database|db|keyspace|collection|bucket)\b"
                    r"(?!\s+(?:cache|caches|connections?|selection|filters?|history|logs?|settings?|config\w*|pool|list))",
                    needles=("database", "db", "keyspace", "collection", "bucket"),
                ),
            ),
            # Deleting a membership, comment or label inside an organization/project is not losing the store.
            name_has(
                W(
                    "member members membership memberships user users invitation invitations comment comments label labels tag tags"
                )
            ),
        ),
        risk="critical",
        flags=("destructive", "bulk"),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.by_filter",
        "deletes every record a filter or search matches (delete by filter)",
        # Rubric: delete by filter is a loss of a whole data store's worth of records in one call, unlike
        # "delete multiple <ids>" (high). Removing tags or members "based on filters" detaches, nothing is lost.
        none_of(
            any_of(
                rx(
                    # (round 8t: "Delete a single document matching the filter" deletes one record)
                    r"\b(?:delete|deletes|purge|purges|erase|erases|remove\s+all|removes\s+all)\b"
                    r"(?!\s+(?:a\s+single|single|one|the\s+first)\b)[^.\n]{0,60}?"
                    r"\b(?:based\s+on\s+(?:the\s+)?(?:search\s+)?(?:criteria|filters?|query|conditions?)|"
                    r"(?:that|which)\s+match(?:es)?\s+(?:the\s+|a\s+|your\s+)?(?:specified\s+|given\s+)?"
                    r"(?:filter|query|criteria|conditions?|search)|matching\s+(?:the\s+|a\s+)?"
                    r"(?:filter|query|criteria|search\s+criteria|conditions?))",
                    ("description",),
                    lead_only=True,
                    needles=("match", "based on"),
                ),
                # deleteMany, delete_where, delete_by_query (a `delete_filter` deletes a filter object)
                name_has(W("delete remove"), W("many where"), first=True),
                name_has(W("delete remove"), ["by"], W("query filter"), first=True),
                # Round 8z: `delete_document(filter, multi)` "If true, deletes all matching documents": the flag
                # that lets one call delete every record the filter matches (update.bulk's twin).
                # Round 10c: `delete_records(table_name, where)` "Elimina múltiples registros que cumplan con los
                # filtros": rows chosen by a condition, not by id (airtable `delete_records(records)` stays high).
                all_of(
                    name_has(W("delete remove"), W("records rows documents docs entries data")),
                    prop_named(r"where|filters?|conditions?|criteria|where_?clause"),
                ),
                all_of(
                    prop_named(r"multi|many|delete_?many|all_?matching"),
                    prop_named(r"filter|query|where|selector|criteria"),
                    name_has(W("delete remove")),
                ),
            ),
            name_has(W("tag tags label labels member members endpoint endpoints memory memories")),
            _LOCAL,
            _SESSION_SCRATCH,
            _AGENT_TASK_QUEUE,
        ),
        risk="critical",
        flags=("destructive", "bulk"),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.bulk",
        "deletes in bulk (all records, by filter, truncate)",
        none_of(
            any_of(
                rx(
                    r"\b(?:delete|clear|purge|wipe|erase)s?\s+(?:all|every|multiple|many)\b|\bbulk[- ]delet\w*"
                    r"|\bdelete\w*\s+by\s+(?:filter|query)"
                    # "remove/clean up all <things>": the object makes it data, not staged changes or a view.
                    r"|\b(?:remove|removes|clean\s*up|cleans\s+up|cleanup)\s+all\s+(?:\w+\s+)?(?:documents|messages|"
                    r"records|rows|items|entries|data|resources|objects|files|keys|events|tasks)\b"
                    # "truncate" is a bulk delete only with a data object ("smart truncation for large files",
                    # "output is truncated" describe how a read shortens its answer).
                    r"|\btruncat(?:e|es|ing)\s+(?:an?\s+|the\s+|all\s+)?(?:\w+\s+)?(?:tables?|collections?|indexe?s|"
                    r"indices|queues?|streams?|topics?|data|records|rows)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
                name_has(["clear", "delete", "purge", "remove", "cleanup"], ["all", "bulk"]),
                name_has(["truncate"]),
            ),
            _LOCAL,
            _SESSION_SCRATCH,
            _AGENT_TASK_QUEUE,
        ),
        risk="high",
        flags=("destructive", "bulk"),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "update.bulk",
        "overwrites every record a filter matches (a multi-document update)",
        all_of(
            # the flag that lets one call rewrite many records, with the filter that picks them
            prop_named(r"multi|many|update_?many|all_?matching"),
            prop_named(r"filter|query|where|selector"),
            any_of(
                name_has(W("update replace modify"), first=True),
                rx(r"^\W*(?:update|replace|modif(?:y|ies))\b", ("description",), lead_only=True),
            ),
        ),
        risk="high",
        flags=("bulk",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "delete.to_trash",
        "moves to a trash it can be restored from (a reversible delete)",
        all_of(
            # The rarer trash wording first: on most tools it is absent and the rule stops there.
            rx(
                r"\bmoves?\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}?to\s+(?:the\s+)?(?:trash|recycle bin)\b"
                r"[^.\n]{0,40}\bcan be (?:recovered|restored)\b",
                ("description",),
                lead_only=True,
                needles=("trash", "recycle bin"),
            ),
            any_of(
                name_has(["delete", "remove", "trash", "archive"]),
                rx(r"^\s*(?:delete|remove|trash|move)s?\b", ("description",), lead_only=True),
            ),
        ),
        risk="medium",
        cap_risk="medium",
        flags=("destructive",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "delete.remote",
        "deletes or irreversibly overwrites shared/remote state",
        any_of(
            none_of(
                any_of(
                    name_has(["delete", "destroy", "drop", "purge", "erase", "wipe", "kill", "discard"]),
                    name_has(["reset"], ["hard", "branch"]),
                    rx(
                        # "Removes/deletes a project", "Archive or delete a record": any verb pair with a delete.
                        r"^\s*(?:permanently\s+)?(?:\w+\s*(?:/|\bor\b|\band\b)\s*)?(?:delete|destroy|drop|purge|erase)s?\b",
                        ("description",),
                        lead_only=True,
                    ),
                    # "Remove a document from a collection": a stored document removed is deleted, not unlinked (a row
                    # of a versioned table is left to the model: the training data rates Dolt's medium).
                    rx(
                        r"^\W*(?:permanently\s+)?remov(?:e|es|ing)\s+(?:an?\s+|the\s+|one\s+)?(?:\w+\s+)?(?:documents?|records?)"
                        r"\s+from\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:collections?|databases?|index)\b",
                        ("description",),
                        lead_only=True,
                        needles=("remov",),
                    ),
                ),
                _LOCAL,
                _TERMINAL_SESSION,
                _AGENT_TASK_QUEUE,
                _DRAG_AND_DROP,
                # Round 10a: ImageMagick `drop-shadow` "Add a realistic drop shadow to an image": an effect, no drop.
                name_has(["drop"], W("shadow shadows")),
                # round 8e: cells of a notebook open in the user's editor or kernel session
                rx(
                    r"\bcells?\s+(?:from|in|of)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?notebooks?\b",
                    ("description",),
                    lead_only=True,
                    needles=("notebook",),
                ),
                # "Remove an issue from a cycle": the item leaves a grouping and stays where it was.
                rx(
                    r"^\W*remov(?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){1,2}?from\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
                    r"(?:cycles?|sprints?|modules?|milestones?|epics?|playlists?|boards?|releases?|groups?)\b",
                    ("description",),
                    lead_only=True,
                    needles=("from",),
                ),
                # "The contract can only be deleted if it's a test contract or a draft": nothing issued is lost.
                rx(
                    r"\bcan\s+only\s+be\s+deleted\s+(?:if|when|while)\b[^.\n]{0,40}\b(?:drafts?|test)\b",
                    ("description",),
                    needles=("only be deleted",),
                ),
                _openapi_method_name,
                # "Move a doc to the trash, where it can be recovered": delete.to_trash rates it.
                rx(
                    r"\bto\s+(?:the\s+)?(?:trash|recycle bin)\b[^.\n]{0,40}\bcan be (?:recovered|restored)\b",
                    ("description",),
                    lead_only=True,
                    needles=("trash", "recycle bin"),
                ),
            ),
            # Round 8 (apart from the vetoes above: the source of an upload is a local file): a saved payment method
            # revoked cannot pay again, and an upload whose mode replaces the existing remote file loses it.
            lead_rx(
                r"^\W*revok(?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:saved\s+|stored\s+)?(?:payment\s+methods?|cards?|mandates?)\b",
                needles=("revok",),
            ),
            # "Restore a database from a backup, replacing its current contents": what was there is lost (a page whose
            # "existing content" is replaced keeps its history in the wiki or editor and is left to the model).
            rx(
                r"\b(?:replac|overwrit)(?:e|es|ing)\s+(?:its|all|any|their)\s+(?:current|existing)\s+"
                r"(?:contents?|data|records?|objects?|state)\b",
                ("description",),
                needles=("replac", "overwrit"),
            ),
            all_of(
                name_has(W("upload put")),
                enum_value(
                    r"(?:write_?)?mode|on_?conflict|if_?exists|conflict\w*", r"^(?:overwrite|replace)$"
                ),
            ),
            # Round 9h: "Roll back a VM to a snapshot. Discards changes made since the snapshot": everything written
            # after the snapshot is lost (a snapshot of local files is left to the model).
            none_of(
                lead_rx(
                    r"^\W*(?:roll(?:s|ing)?\s*back|reverts?|restores?|rewinds?)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?:to|from)\s+(?:an?\s+|the\s+|its\s+|a\s+previous\s+|previous\s+|earlier\s+)?(?:[\w-]+\s+)?"
                    r"snapshots?\b",
                    needles=("snapshot",),
                ),
                _LOCAL,
            ),
        ),
        risk="high",
        flags=("destructive",),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.draft_only",
        "deletes only drafts or test objects (nothing issued is lost)",
        rx(
            r"\bcan\s+only\s+be\s+deleted\s+(?:if|when|while)\b[^.\n]{0,40}\b(?:drafts?|test)\b",
            ("description",),
            needles=("only be deleted",),
        ),
        cap_risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "delete.local",
        "deletes local or user-owned state",
        all_of(
            any_of(
                name_has(["delete", "destroy", "drop", "purge", "erase", "wipe", "discard", "remove"]),
                rx(
                    r"^\s*(?:permanently\s+)?(?:delete|destroy|drop|remove)s?\b",
                    ("description",),
                    lead_only=True,
                ),
                # "Clear unfinished tasks and reset the task list"
                name_has(W("clear reset"), W("task tasks")),
            ),
            any_of(_LOCAL, _TERMINAL_SESSION, _AGENT_TASK_QUEUE),
        ),
        risk="medium",
        cap_risk="medium",
        flags=("destructive",),
        skip_if_readonly=True,
    ),
]
