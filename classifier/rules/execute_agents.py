"""Execute rules: coding-agent CLIs, LLM and agent runs (a prompt handed to a model that acts)."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.matchers import (
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
)

# "Delegate complex tasks to an autonomous agent for independent execution": the agent works on its own.
_DELEGATE = r"^\W*delegat\w*\b[^.\n]{0,80}\bto\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:sub-?)?agents?\b"

# Agent CLIs that edit files and run commands on the host they run on.
_CODING_AGENT_CLIS = (
    r"(?:claude\s+code|codex(?:\s+cli)?|cursor(?:\s+cli)?\s+agent|gemini\s+cli|aider|opencode|devin|copilot\s+cli|"
    r"goose|qwen\s+code)"
)
# Literals one of which any text naming an agent or an agent CLI holds (the pre-check of the patterns above).
_AGENT_CLI_NEEDLES = (
    "agent",
    "claude",
    "codex",
    "cursor",
    "gemini",
    "aider",
    "opencode",
    "devin",
    "copilot",
    "goose",
    "qwen",
)
# A folder of the host the agent works in.
_WORKDIR_PROP = prop_named(
    r"cwd|working_?dir(?:ectory)?|workdir|work_?dir|project_?(?:dir|path|root)|repo_?path"
)
_AGENT_RUN_VERB = (
    r"^\W*(?:run|runs|start|starts|launch|launches|spawn|spawns|delegate|delegates|dispatch|dispatches|execute|executes|"
    r"invoke|invokes)\b"
)
# Round 9i: "Delegate a task to a local headless CLI agent (Claude Code or Cursor)", "Spawn a sub-agent session": the
# caller's prompt becomes a coding agent's run, which edits files and runs commands as it sees fit.
_HEADLESS_AGENT_RUN = all_of(
    lead_rx(
        _AGENT_RUN_VERB
        + r"[^.\n]{0,80}?\b(?:(?:local\s+)?(?:headless|cli|coding|sub-?)\s*(?:cli\s+)?agents?|"
        r"(?:coding|cli)[- ]agent\s+(?:cli|session|run)s?)\b"
        r"|" + _AGENT_RUN_VERB + r"[^.\n]{0,80}?\b" + _CODING_AGENT_CLIS + r"\b",
        needles=_AGENT_CLI_NEEDLES,
    ),
    prop_named(r"(?:\w+_)?(?:prompt|task|instructions?|message|query|objective|goal)"),
)
# CV (qa `launch-super-tester`): "Launch an autonomous testing agent" with a prompt and a working directory: an agent
# that acts on its own in a folder of the host runs what it decides to.
_AUTONOMOUS_AGENT_RUN = all_of(
    lead_rx(
        _AGENT_RUN_VERB + r"\s+(?:an?\s+|the\s+|new\s+)*autonomous\s+(?:[\w-]+\s+){0,2}?agents?\b",
        needles=("autonomous",),
    ),
    prop_named(r"(?:\w+_)?(?:prompt|task|instructions?|objective|goal)"),
    _WORKDIR_PROP,
)
# CV (qa `ask-gemini(prompt, model, cwd)` of a `gemini-cli-mcp` server): a prompt run in a working directory by a server
# that wraps a coding-agent CLI is that agent's run, however plainly the tool words it ("Start a new conversation").
_AGENT_CLI_SERVER_RUN = all_of(
    rx(r"\b" + _CODING_AGENT_CLIS.replace(r"\s+", r"[\s_-]+") + r"\b", ("server",)),
    prop_named(r"(?:\w+_)?(?:prompt|prompts|task|instructions?|objective|goal)"),
    _WORKDIR_PROP,
)
# Round 9i: "Enqueue a user message for an open interactive agent session", round 9k: "Send a follow-up message to an
# existing Claude Code session": a new instruction to an agent run already under way is a prompt it acts on.
# Round 9q: `codex(prompt, sandbox, approvalPolicy)` "Start session asynchronously", `codex_reply` "Continue existing
# session": the caller's prompt with the agent's sandbox or approval policy to pick is a coding agent's run, whatever
# the description says (a subcommand the server says it cannot run is not).
_AGENT_PERMISSION_RUN = none_of(
    all_of(
        prop_named(
            r"approval_?policy|sandbox_?mode|sandbox|permission_?mode|dangerously_?skip_?permissions|skip_?permissions|"
            r"yolo|full_?auto|bypass_?permissions"
        ),
        prop_named(r"prompt|task|message|instructions?|query|follow_?up"),
    ),
    lead_rx(r"\b(?:unavailable|not\s+available)\b", needles=("available",)),
)
# Round 10y: `fix_bug_with_codex` "Use OpenAI Codex CLI to automatically fix bugs with FULL SYSTEM ACCESS ... Sandbox:
# danger-full-access, Approval: never": a coding agent told to run unsandboxed and unapproved runs whatever commands its
# prompt leads it to, however the tool's lead words the job.
_UNRESTRICTED_AGENT_RUN = all_of(
    rx(r"\b" + _CODING_AGENT_CLIS + r"\b", ("description", "title", "name", "server"), needles=_AGENT_CLI_NEEDLES),
    rx(
        r"\bfull\s+system\s+access\b|\bdanger-full-access\b|--yolo\b|\byolo\s+mode\b|"
        r"\bapproval(?:\s+policy)?\s*[:=]\s*never\b|--?dangerously-skip-permissions\b|"
        r"\bbypass(?:es|ing)?\s+(?:all\s+)?(?:permission|approval)s?\b",
        ("description",),
        needles=("full", "danger", "yolo", "never", "dangerously", "bypass"),
    ),
)
_AGENT_SESSION_MESSAGE = any_of(
    lead_rx(
        r"^\W*(?:send|sends|enqueue|enqueues|post|posts|queue|queues|submit|submits|inject|injects)\s+"
        r"(?:an?\s+|the\s+)?(?:new\s+|user\s+|follow-?up\s+|text\s+|additional\s+)*(?:messages?|instructions?|prompts?|inputs?)\s+"
        r"(?:to|for|into)\s+(?:an?\s+|the\s+)?(?:open\s+|running\s+|active\s+|interactive\s+|live\s+|existing\s+|"
        r"coding\s+|cli\s+|headless\s+|sub-?)*(?:agent|" + _CODING_AGENT_CLIS + r")\s+sessions?\b"
        # Round 9w: "Send follow-up work to an existing subagent, in its original session", "Send a follow-up message
        # to a finished opencode subagent": the sub-agent takes another turn (edits, commands) on the caller's text.
        r"|^\W*(?:send|sends|queue|queues|submit|submits|give|gives)\s+(?:an?\s+|the\s+)?(?:new\s+|follow-?up\s+|"
        r"additional\s+|more\s+)+(?:messages?|instructions?|prompts?|work|tasks?)\s+to\s+(?:an?\s+|the\s+)?"
        r"(?:existing\s+|finished\s+|completed\s+|running\s+|idle\s+|previous\s+)?(?:[\w-]+\s+)?sub-?agents?\b",
        needles=("agent", "session"),
    ),
    # Round 9t: `continue-session(session_id, prompt)` "Resume a completed async Codex session": the caller's prompt
    # starts another run of the coding agent in that session.
    all_of(
        lead_rx(
            r"^\W*(?:resume|resumes|continue|continues|reopen|reopens)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:coding\s+agent|cli\s+agent|"
            + _CODING_AGENT_CLIS
            + r")\s+(?:sessions?|conversations?|threads?|runs?)\b",
            needles=_AGENT_CLI_NEEDLES,
        ),
        prop_named(r"(?:\w+_)?(?:prompt|task|instructions?|message|follow_?up)"),
    ),
)


AGENT_RULES: list[Rule] = [
    Rule(
        "exec.coding_agent",
        "delegates a prompt to a coding-agent CLI that can run commands and edit files",
        any_of(
            rx(
                r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|start|starts)\b[^.\n]{0,60}\b(?:cli|agent|code)\b[^.\n]{0,20}\brequest",
                ("description",),
                lead_only=True,
            ),
            # Tasks delegated to an agent that refactors files, fixes failing tests or runs commands.
            all_of(
                lead_rx(_DELEGATE, needles=("delegat",)),
                rx(
                    r"\b(?:refactor\w*|(?:multiple|across)\s+files|test failures|(?:run|runs|execut\w*)\s+commands?|codebase)\b",
                    ("description",),
                    needles=("refactor", "files", "test failures", "command", "codebase"),
                ),
            ),
            _HEADLESS_AGENT_RUN,
            _AUTONOMOUS_AGENT_RUN,
            _AGENT_CLI_SERVER_RUN,
            _AGENT_SESSION_MESSAGE,
            _AGENT_PERMISSION_RUN,
            _UNRESTRICTED_AGENT_RUN,
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.llm_run",
        "runs an LLM / AI agent job (paid, acts on its own)",
        none_of(
            any_of(
                rx(
                    # (round 8u: "Start Ollama server" starts the local model server, not a model run)
                    r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|starts?(?!\s+(?:the\s+)?(?:[\w.-]+\s+)?(?:servers?|services?|daemons?)\b)|"
                    r"ask|asks|use|send|invoke|request|challenge|route|select|pick)\b"
                    r"[^.\n]{0,80}\b(?:llm|models?|provider|copilot|\w*gpt|claude|gemini|codex|seer|ai agent|judge|chatgpt|openai|"
                    r"anthropic|deepseek|mistral|grok|ollama|(?:powerful|another|second|external|an)\s+ai)\b"
                    # (round 10l: "Send an AI-generated image to your Telegram chat" sends a picture made elsewhere)
                    r"(?![-\s]generated\b)"
                    # Round 10p: "Use Opus to create a comprehensive plan", "Use Sonnet to implement code": a model
                    # family named as the worker (Opus the audio codec is not used "to" plan)
                    r"|^\W*(?:use|uses|ask|asks|have|has)\s+(?:claude\s+)?(?:opus|sonnet|haiku)(?:\s+[\d.]+)?\s+to\s+"
                    r"(?:plan|implement|write|review|generate|answer|analy[sz]e|code|create|draft|summari[sz]e|reason|think|"
                    r"refactor|fix|design|explain|research|evaluate)\b"
                    # "Generate text using DeepSeek R1", "Analyze code using OpenAI API", "think with deepseek":
                    # the answer comes from a (paid) model run on the caller's prompt.
                    r"|^\W*(?:\w+\s+)?(?:generat|think|reason|answer|chat|complet|analy[sz]|summari[sz]|writ|creat|transcrib)\w*\b"
                    r"[^.\n]{0,60}\b(?:using|via|with|through)\s+(?:the\s+|an?\s+)?(?:[\w.-]+\s+)?(?:openai|chatgpt|claude|"
                    r"gemini|gpt[\w.-]*|anthropic|deepseek|mistral|grok|llama|ollama|qwen|llms?|ai models?)\b"
                    # "Generate an image from a text prompt", "Generate AI images from text prompts": a generative
                    # media model run (paid per call) on the caller's prompt.
                    r"|^\W*(?:generat|creat)\w*\s+(?:an?\s+|one or more\s+|multiple\s+)?(?:new\s+)?(?:ai[- ])?"
                    r"(?:images?|videos?|music|speech|audio)\b[^.\n]{0,120}\b(?:prompts?|models?|ai|diffusion|as\s+(?:a\s+)?reference|"
                    r"reference\s+(?:images?|photos?))\b"
                    # "Generate images using the 4o-image API": a named image model's API.
                    r"|^\W*(?:generat|creat)\w*\s+(?:an?\s+)?(?:ai[- ])?(?:images?|videos?)\s+(?:using|via|with)\s+(?:the\s+)?"
                    r"[\w.-]+\s+(?:api|model)\b"
                    # "Respond with text to a prompt using the ... API": the answer is a model's run on the prompt.
                    r"|^\W*respond\w*\s+with\s+(?:text|audio|speech|an?\s+answer)\s+to\s+(?:an?\s+|the\s+)?prompts?\b",
                    ("description",),
                    lead_only=True,
                ),
                # (apart from the lead pattern above, so its literal pre-check stays as selective as it was)
                lead_rx(
                    # "Get responses from various LLM providers": the answers are model runs on the caller's prompt.
                    r"^\W*get\s+(?:\w+\s+){0,2}?(?:responses?|answers?|completions?|opinions?)\s+from\s+[^.\n]{0,40}"
                    r"\b(?:llms?|models?|ais?)\b"
                    # "Translate hand-drawn sketches to production-grade images": an image model draws them.
                    r"|^\W*(?:translate|turn|convert|transform)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?:sketch(?:es)?|drawings?|doodles?)\s+(?:in)?to\s+(?:[\w-]+\s+){0,2}?images?\b"
                    # "Clone a voice using the provided audio file": a voice model is trained and run (billed).
                    r"|^\W*clon(?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?voices?\b"
                    # "Engages in a conversation using the Sonar API": each call is a chat completion.
                    r"|^\W*engag(?:e|es|ing)\s+in\s+(?:an?\s+)?conversations?\s+(?:using|with|via)\b"
                    # Round 7: a model run worded by what the model does, with no model named: a conversation that
                    # keeps its context across messages, one answer judging and ranking others, a face or artwork drawn
                    # from nothing but the request (chart and diagram renderers draw given data and are not these).
                    r"|^\W*(?:have|has|hold|holds|start|starts|continue|continues)\s+(?:an?\s+)?(?:[\w-]+\s+)?conversations?\s+"
                    r"with\b[^.\n]{0,60}\b(?:maintain|keep|preserv|retain)\w*\s+(?:the\s+)?(?:conversation(?:al)?\s+)?"
                    r"(?:context|history|memory)\b"
                    r"|\b(?:evaluat|judg)\w*\s+and\s+(?:rank|scor|compar|grad)\w*\s+(?:[\w'’-]+\s+){0,4}?"
                    r"(?:responses|answers|outputs|completions)\b"
                    r"|^\W*(?:generat|draw|paint)\w*\b[^.\n]{0,40}\b(?:human\s+)?(?:faces?|portraits?|photos?|photographs?|"
                    r"artworks?|paintings?|illustrations?|avatars?)\b(?!\s+(?:albums?|galler(?:y|ies)|folders?|collections?|"
                    r"urls?|links?|records?|entr(?:y|ies)|ids?|metadata|list))",
                    needles=(
                        "response",
                        "answer",
                        "completion",
                        "opinion",
                        "sketch",
                        "drawing",
                        "doodle",
                        "voice",
                        "conversation",
                        "outputs",
                        "face",
                        "portrait",
                        "photo",
                        "artwork",
                        "painting",
                        "illustration",
                        "avatar",
                    ),
                ),
                # Round 8: "Transform an existing video using AI": the work is done by a model (AI assistants, agents and coding
                # tools named as the caller, an "AI overview" or "AI search" read from a search engine, and "AI-powered" as
                # praise are not a model run).
                rx(
                    r"\b(?:using|with|via|by)\s+(?:the\s+)?ai\b(?!-|\s+(?:assistants?|agents?|coding|tools?|clients?|apps?|"
                    r"applications?|ides?|editors?|platforms?|integrations?|workflows?|overviews?|modes?|search\w*|"
                    r"answers?|summar\w+|results?)\b)",
                    ("description",),
                    # one needle for all the phrasings: "using ai", "with the ai", "by ai"...
                    needles=(" ai",),
                ),
                # "Describe what changes you want and the AI will apply them" on a tool that takes the model to use (without
                # one, "the AI" may be the calling agent).
                all_of(
                    rx(r"\bthe\s+ai\s+will\b", ("description",), needles=("the ai will",)),
                    prop_named(r"(?:\w+_)?models?(?:_?(?:id|name))?"),
                ),
                # "Chat using free OpenRouter models with automatic model selection": each call is a model's completion.
                lead_rx(
                    r"^\W*chat\w*\s+(?:with|using|via)\s+(?:[\w.-]+\s+){0,3}?(?:models?|llms?)\b",
                    needles=("chat",),
                ),
                # Round 6: a media model named by its operation alone ("Crisp upscale of the input image",
                # "Vectorize an input image", "Isolate audio from a file", "Generate caption for image",
                # "Submit a tryon task"): each is a (billed) model run on the caller's media.
                lead_rx(
                    # (the words before the operation are not a verb that reads, uploads or stores its result)
                    r"^\W*(?:(?!(?:get|list|query|check|fetch|read|show|search|upload|add|save|store|download|delete)\b)\w+\s+)"
                    r"{0,2}?(?:upscal\w*|vectori[sz]\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:images?|photos?|pictures?|"
                    r"logos?|rasters?|bitmaps?)|isolat\w*\s+(?:the\s+)?(?:audio|voices?|vocals?)|(?:remov|replac)\w*\s+(?:the\s+)?"
                    r"(?:image\s+)?backgrounds?(?!\s+images?)|inpaint\w*|outpaint\w*|generat\w*\s+(?:an?\s+)?(?:text-to-speech|tts|speech|"
                    r"captions?|voice)|(?:submit|create|run|start)\w*\s+(?:an?\s+)?(?:virtual\s+)?try-?on)\b",
                    needles=(
                        "upscal",
                        "vectori",
                        "isolat",
                        "background",
                        "inpaint",
                        "outpaint",
                        "speech",
                        "tts",
                        "caption",
                        "voice",
                        "tryon",
                        "try-on",
                    ),
                ),
                # "Generate Pact tests using PactFlow AI", "Generates infrastructure code based on a natural language
                # prompt": the vendor's AI or the caller's prompt writes the output.
                lead_rx(
                    r"^\W*(?:generat|creat)\w*\b[^.\n]{0,60}\b(?:using|via|with)\s+(?:the\s+)?[\w.-]+\s+ai\b"
                    r"|^\W*generat\w*\b[^.\n]{0,60}\b(?:based on|from)\s+(?:an?\s+|the\s+)?(?:natural[- ]language\s+|text\s+)?"
                    r"prompts?\b",
                    needles=("prompt", " ai"),  # (each alternative needs one; "creat" leads too many tools)
                ),
                # "Generate documentation for code" on a server named for an LLM: the model writes it.
                all_of(
                    lead_rx(
                        r"^\W*generat\w*\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:code|documentation|docs|text|tests?|"
                        r"summar(?:y|ies))\b",
                        needles=("generat",),
                    ),
                    rx(r"\b(?:llms?|gpt|openai|gemini|claude|ollama)\b", ("server",)),
                ),
                # "COST WARNING: This tool makes an API call to ElevenLabs which may incur costs": a paid run, unless
                # the tool only reads or stores a configuration.
                none_of(
                    rx(
                        r"\b(?:may|will|can)\s+incur\s+(?:\w+\s+)?(?:costs?|charges?|fees?)\b|\bcost warning\b",
                        ("description",),
                        needles=("incur", "cost warning"),
                    ),
                    name_has(
                        W(
                            "get list search find read fetch show check create add update delete remove set save register"
                        ),
                        first=True,
                    ),
                ),
                # "... returns a chat completion response from the Perplexity model" (said after the lead).
                rx(
                    r"\bcompletion\s+responses?\s+from\s+(?:the\s+|an?\s+)?(?:[\w.-]+\s+){0,2}?(?:models?|llms?)\b",
                    ("description",),
                    needles=("completion",),
                ),
                # "Text chat with ${AI_CHAT_NAME}" on a chat-completions server: the other side is a model.
                all_of(
                    rx(
                        r"^\W*(?:text\s+)?chat\s+with\b",
                        ("description", "title"),
                        lead_only=True,
                        needles=("chat with",),
                    ),
                    rx(r"\b(?:chat[-_ ]?completions?|llms?|openai|ai[-_ ]?chat)\b", ("server", "name")),
                ),
                # `grok_reason`, `kimi_thinking`, `deepseek_answer` ("Deep reasoning"): the tool is named for a model
                # provider and for what the model does; the description may say no more.
                none_of(
                    name_has(
                        W("grok kimi deepseek gpt chatgpt claude gemini qwen openai mistral llama o1 o3"),
                        W("reason reasoning think thinking answer chat ask consult"),
                    ),
                    name_has(W("get list search find read fetch show history logs delete"), first=True),
                ),
            ),
            # Round 9k: "Generate a deterministic summary of a trace without using an LLM".
            rx(
                r"\bwithout\s+(?:using\s+|calling\s+|invoking\s+|any\s+|an?\s+)*(?:llms?|ai|(?:language\s+)?models?|gpt|claude)\b"
                r"|\b(?:no|never\s+(?:uses?|calls?))\s+(?:an?\s+)?llms?\b",
                ("description",),
                lead_only=True,
                needles=("without", "llm"),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.agent_run",
        "hands the request to an AI agent that plans and acts on its own (a paid model run)",
        any_of(
            rx(
                # "Specialized agent for financial data extraction", "A comprehensive agent that can utilize
                # multiple sources", "The Director tool orchestrates specialized agents".
                r"^\W*(?:\[[^\]]{0,60}\]\s*)?(?:an?\s+|the\s+)?(?:specialized|specialised|comprehensive|autonomous|"
                r"research|ai|llm|intelligent|expert)\s+(?:[\w-]+\s+)?agents?\s+(?:that|for|which|who)\b"
                r"|^\W*(?:the\s+)?(?:[\w-]+\s+){0,3}?orchestrates?\s+(?:\w+\s+){0,2}?(?:ai\s+)?agents\b",
                ("description",),
                lead_only=True,
                needles=("agent",),
            ),
            # "Generate a deep research on ...", "Delegate tasks to an autonomous agent": an agent plans and acts.
            lead_rx(
                r"^\W*(?:generat|run|start|conduct|perform)\w*\s+(?:an?\s+)?deep[- ]research\b|" + _DELEGATE,
                needles=("deep", "delegat"),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.llm_params",
        "takes a chat prompt with model sampling parameters (a model run per call)",
        none_of(
            all_of(
                prop_named(r"(?:messages|prompt|user_prompt|system_prompt)"),
                prop_named(r"(?:model|model_name|model_id)"),
                prop_named(
                    r"(?:temperature|top_p|max_tokens|max_new_tokens|presence_penalty|frequency_penalty)"
                ),
            ),
            # `create_agent`, `update_prompt_template` store a configuration that a later run uses.
            name_has(W("create update add set save register delete"), first=True),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
]
