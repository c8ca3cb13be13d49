"""Verb lists that name tokens are read against (shared by rules, operations and features)."""

from __future__ import annotations


def W(words: str) -> list[str]:
    """A word list written as one string (easier to read and edit than a list literal)."""
    return words.split()


READ_VERBS = frozenset(
    W("""get list search find read fetch show describe view retrieve lookup look query count inspect
    check status info explain preview browse resolve calculate compare convert estimate analyze
    diff log logs download export summarize summary stat stats lint validate verify test ping
    watch monitor audit history trace explore discover scan top tail cat head ls whoami which
    suggest recommend resolve render format parse extract translate compute measure detect
    generate draw plot visualize chart wait await poll backtest
    """)
)
WRITE_VERBS = frozenset(
    W("""create add update edit set delete remove write post put patch send move rename insert upload
    assign unassign merge close reopen comment publish unpublish cancel enable disable archive
    unarchive restore apply import save mark link unlink transition reply invite revoke grant submit
    approve reject dismiss resolve clear reset push commit tag label lock unlock pin unpin star
    unstar follow unfollow subscribe unsubscribe toggle attach detach configure register unregister
    store modify replace upsert append prepend drop truncate purge destroy erase kill stop pause play ensure
    resume rollback revert rebase fork copy duplicate schedule snooze acknowledge ack escalate
    complete finalize void refund pay charge transfer mutate overwrite fill
    start activate deactivate suspend unsuspend block unblock connect disconnect expire rotate clone sync
    enroll unenroll provision deprovision restart reboot shutdown terminate migrate promote demote
    change rebuild redeploy refresh regenerate renew reissue cleanup clean
    backup inject trim prune retry mute unmute silence share respond logout login uninstall split prefetch
    incr decr increment decrement
    """)
)
EXECUTE_VERBS = frozenset(
    W("""run exec execute evaluate eval trigger start deploy install upgrade invoke call launch
    spawn rerun dispatch navigate click hover drag drop press type
    """)
)
DELETE_VERBS = frozenset(W("delete remove destroy drop purge erase truncate wipe discard kill unlink"))

# Tokens that read as a verb only as the first word (a `run` noun, a `drop` noun...).
# `resume` is also the document (`github_check_resume`): a verb only when it leads.
AMBIGUOUS_NOUNS = frozenset(W("log logs status info trace history summary stat stats type call tag label resume"))


def verb_class(token: str) -> str | None:
    if token in EXECUTE_VERBS and token not in {"type", "call", "drop", "press", "start"}:
        return "Execute"
    if token in DELETE_VERBS or token in WRITE_VERBS:
        return "Write"
    if token in READ_VERBS:
        return "Read"
    return None
