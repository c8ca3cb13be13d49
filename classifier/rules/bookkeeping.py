"""Trivial bookkeeping writes that cap risk low (the last rules of the table)."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.contexts import _LOCAL_NOTIFICATION, _SESSION_SCRATCH
from classifier.rules.matchers import Rule, all_of, any_of, lead_rx, name_has, rx

BOOKKEEPING_RULES: list[Rule] = [
    # Trivial bookkeeping writes (rubric: low).
    Rule(
        "write.bookkeeping",
        "personal bookkeeping (stars, notifications read, demo toggles)",
        any_of(
            name_has(["star", "unstar", "toggle", "dismiss", "upvote", "downvote"], first=True),
            name_has(["mark"], ["read", "notification", "notifications"]),
        ),
        cap_risk="low",
    ),
    Rule(
        "write.session_state",
        "changes only the server's own session state (a cache, the working directory or database in use)",
        any_of(
            # "Clear the cached command metadata to force a refresh": the next call fetches it again.
            name_has(W("clear flush invalidate"), W("cache caches cached")),
            rx(
                r"^\W*(?:clear|flush|invalidate)s?\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:cache|cached)\b"
                r"|^\W*force\s+a\s+refresh\s+of\b",
                ("description",),
                lead_only=True,
                needles=("cache", "refresh"),
            ),
            # "Switch to a different database", `use_database`, `set_project_directory`: which database or folder
            # the next calls work on.
            name_has(["use"], W("database db"), first=True),
            # (a product prefix may come first: `sf_set_project_directory`)
            name_has(W("set change"), W("directory dir workdir cwd")),
            rx(
                r"^\W*switch(?:es)?\s+to\s+(?:an?\s+|the\s+)?(?:different|another)\s+(?:database|directory|folder)\b",
                ("description",),
                lead_only=True,
                needles=("switch",),
            ),
            # "Manually triggers a reconnection attempt to the debugger"
            rx(
                r"\breconnection\s+attempts?\b|^\W*reconnects?\s+to\b",
                ("description",),
                lead_only=True,
                needles=("reconnect",),
            ),
            # "Save the current implementation plan", "Remove a todo item from the current plan": the agent's
            # own working notes.
            rx(
                r"^\W*(?:save|add|remove|update|clear|mark)s?\b[^.\n]{0,30}\b(?:the\s+)?current\s+"
                r"(?:implementation\s+)?plan\b|^\W*start\s+(?:a\s+)?(?:new\s+)?planning\s+session\b",
                ("description",),
                lead_only=True,
                needles=("plan",),
            ),
            _SESSION_SCRATCH,
            # Round 7: the agent's own checklist ("Adds a new item to the checklist"), a debugger session and its
            # breakpoints ("Start a new GDB session", "Set a breakpoint"), a local simulation stopped ("Stop the
            # traveler's journey"): nothing shared is named.
            lead_rx(
                r"^\W*(?:add|remove|update|check|uncheck|complete|mark|toggle)s?\s+(?:an?\s+|the\s+)?(?:new\s+)?"
                r"(?:items?|tasks?|steps?|entr(?:y|ies))\s+(?:to|from|in|on|of)\s+(?:the\s+|your\s+|this\s+)?checklists?\b"
                r"|^\W*(?:start|launch|begin|open)s?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:gdb|lldb|pdb|debugg(?:er|ing)|debug|dap)\s+"
                r"sessions?\b"
                r"|^\W*(?:stop|pause|end|reset)s?\s+(?:the\s+)?(?:[\w'’-]+\s+)?(?:journey|simulation|animation)s?\b",
                needles=(
                    "checklist",
                    "gdb",
                    "lldb",
                    "pdb",
                    "debug",
                    "dap",
                    "journey",
                    "simulation",
                    "animation",
                ),
            ),
            name_has(
                W("set add remove clear toggle enable disable insert"),
                W("breakpoint breakpoints watchpoint watchpoints"),
            ),
            # "Register a project directory for code exploration": which folder the next calls read.
            rx(
                r"^\W*registers?\s+(?:an?\s+|the\s+)?(?:project\s+)?(?:directory|folder)\b",
                ("description",),
                lead_only=True,
                needles=("register",),
            ),
            # An editor's marks and registers (`vim_mark`, `vim_register`) on a Vim/Emacs server.
            all_of(
                name_has(W("mark marks register registers")),
                rx(r"\b(?:n?vim|neovim|emacs)\b", ("server",)),
            ),
            # Round 9m: "In-memory key-value store for temporary data", "clear the current in-memory auth-flow state":
            # the server process's own memory, gone when it restarts.
            rx(
                r"^\W*(?:an?\s+)?(?:simple\s+)?in[- ]memory\s+(?:[\w-]+\s+){0,2}?(?:stores?|scratch\w*|notes?|buffers?)\s+"
                r"for\s+(?:temporary|intermediate|transient)\b"
                r"|^\W*(?:[\w/]+:\s*)?(?:clear|clears|reset|resets)\s+(?:the\s+)?(?:current\s+)?in[- ]memory\b",
                ("description",),
                lead_only=True,
                needles=("memory",),
            ),
            # "Reset the cookie count back to zero"
            rx(
                r"^\W*resets?\s+(?:the\s+)?(?:[\w-]+\s+)?(?:count|counter)s?\b",
                ("description",),
                lead_only=True,
                needles=("count",),
            ),
        ),
        cap_risk="low",
        writes=True,
    ),
    Rule(
        "write.stats_refresh",
        "runs a fixed statistics-refresh statement (ANALYZE) that changes no data",
        # Round 7: "Execute the ANALYZE TABLE command to have Hologres collect table statistics": the planner's
        # statistics are rewritten, no row is.
        rx(
            r"^\W*(?:execute|run)s?\s+(?:the\s+|an?\s+)?analy[sz]e\s+(?:table\s+)?(?:command|statement)\b",
            ("description",),
            lead_only=True,
            needles=(
                "analyze table",
                "analyse table",
                "analyze command",
                "analyse command",
                "analyze statement",
            ),
        ),
        cap_risk="low",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.local_signal",
        "shows, speaks or plays something on the user's own machine",
        any_of(
            rx(
                r"^\W*(?:display|show)s?\s+(?:an?\s+|the\s+)?(?:banner|desktop|system)\s+notifications?\b"
                r"|\b(?:macos|system|local)\s+text-to-speech\b"
                r"|^\W*play(?:s)?\s+(?:an?\s+|the\s+)?(?:local\s+)?(?:audio|sound)\s+(?:files?|clips?)\b",
                ("description",),
                needles=("notification", "text-to-speech", "audio", "sound"),
            ),
            # "Send a native macOS notification", "Start playback in Music", "Return to the previous track",
            # "Play the first track whose name matches": the user's own desktop and player.
            lead_rx(
                _LOCAL_NOTIFICATION + r"|^\W*(?:start|stop|pause|resume)s?\s+(?:the\s+)?playback\b"
                r"|^\W*plays?\s+(?:the\s+)?(?:first\s+|next\s+|previous\s+)?(?:track|song)\b"
                r"|^\W*(?:return|go|skip|jump|move)s?\s+(?:back\s+)?to\s+the\s+(?:previous|next)\s+track\b"
                r"|^\W*(?:skip|play)s?\s+(?:to\s+)?(?:the\s+)?(?:previous|next)\s+track\b"
                # Round 7: "Stop all currently playing Sonic Pi music": the user's own speakers.
                r"|^\W*(?:stop|pause)s?\s+(?:all\s+)?(?:the\s+)?(?:currently\s+)?(?:playing\s+)?(?:[\w-]+\s+){0,2}?"
                r"(?:music|audio|sounds?|songs?)\b",
                needles=("notification", "playback", "track", "song", "music", "audio", "sound"),
            ),
        ),
        cap_risk="low",
        writes=True,
    ),
]
