"""Each rule fires on a tool that shows its pattern, quotes it, and stays quiet on a near miss."""

from __future__ import annotations

import pytest

from classifier.rules import RULES, RULES_BY_ID, run_rules
from classifier.text import ToolText
from tests.classifier.helpers import tool
from tests.classifier.test_rules_critical_targets import CRITICAL_TARGET_CASES
from tests.classifier.test_rules_round8ef import SCHEMA_CLASS_CASES
from tests.classifier.test_rules_round8rs import ROUND8RS_CASES
from tests.classifier.test_rules_round8yz import ROUND8YZ_CASES
from tests.classifier.test_rules_round9abc import ROUND9ABC_CASES
from tests.classifier.test_rules_round9de import ROUND9DE_CASES
from tests.classifier.test_rules_round9jkl import ROUND9JKL_CASES
from tests.classifier.test_rules_round9mno import ROUND9MNO_CASES
from tests.classifier.test_rules_round9pqr import ROUND9PQR_CASES
from tests.classifier.test_rules_round9vwx import ROUND9VWX_CASES
from tests.classifier.test_rules_round10cf import ROUND10CF_CASES

# rule id → (a tool it must fire on, a similar tool it must not fire on)
CASES = {
    "exec.code_argument": (
        tool("run_snippet", "Runs the given snippet in a sandbox.", props={"code": {"type": "string"}}),
        tool("format_snippet", "Pretty-prints the given snippet.", props={"code": {"type": "string"}}),
    ),
    "exec.write_query": (
        tool("exec", "Executes a write query against the warehouse."),
        tool("read_query", "Execute a read-only SQL query and return the rows."),
    ),
    "exec.shell": (
        tool("terminal", "Run arbitrary shell commands on the host."),
        tool("list_commands", "List the commands this bot understands."),
    ),
    "exec.script": (
        tool("page_eval", "Evaluate JavaScript in the current tab."),
        tool("describe_script", "Describes what a stored script does."),
    ),
    "exec.coding_agent": (
        tool("aider_request", "Run an Aider CLI request in the repository."),
        tool("aider_version", "Report the installed Aider version."),
    ),
    "exec.llm_run": (
        tool("second_take", "Ask a second model whether the answer holds up."),
        tool("list_models", "Lists the models this gateway knows about."),
    ),
    "exec.browser": (
        tool("browser_click", "Click an element on the page.", server="puppeteer"),
        tool("click_stats", "Return click-through statistics for a campaign.", server="ads"),
    ),
    "exec.workload": (
        tool("trigger_pipeline", "Trigger a new pipeline run for a branch."),
        tool("list_pipelines", "List pipelines in the organisation."),
    ),
    "exec.install": (
        tool("install_plugin", "Install a plugin from the marketplace."),
        tool("list_plugins", "List installed plugins."),
    ),
    "exec.dispatch": (
        tool("call_tool", "Execute any available tool by its name with the given arguments."),
        tool("list_tools", "List the tools available on this server."),
    ),
    "money.move": (
        tool("create_refund", "Create a refund for a charge."),
        tool("list_refunds", "List refunds."),
    ),
    "money.trade": (
        tool("place_market_order", "Place a market order on the exchange."),
        tool("get_order_book", "Get the order book of a market."),
    ),
    "deploy.container_image": (
        tool(
            "create_service",
            "Create a new Cloud Run service.",
            props={"image": {"type": "string", "description": "Container image to deploy"}},
        ),
        tool("create_service", "Create a new Cloud Run service.", props={"name": {"type": "string"}}),
    ),
    "money.order_change": (
        tool("amend_order", "Amend the stop price of a pending order."),
        tool("cancel_order", "Cancel one pending order."),
    ),
    "read.enforced_read_only": (
        tool("run_query", "Run a query on the warehouse. Only SELECT statements are allowed."),
        tool("run_query", "Run a query on the warehouse. Use only SELECT statements if you can."),
    ),
    "read.diagnostics": (
        tool("diagnose_connection", "Run every check that explains a failed connection."),
        tool("run_doctor", "Install upgrades and fix broken packages."),
    ),
    "money.sign": (
        tool("wallet_sign_message", "Sign a message with the wallet key."),
        tool("wallet_verify_message", "Verify a signed message."),
    ),
    "money.amount_currency": (
        tool(
            "create_quote",
            "Create a quote.",
            props={"amount": {"type": "integer"}, "currency": {"type": "string"}},
        ),
        tool("create_quote", "Create a quote.", props={"amount": {"type": "integer"}}),
    ),
    "money.billing_object": (
        tool("create_invoice", "Create an invoice for a customer."),
        tool("get_invoice", "Retrieve an invoice."),
    ),
    "secrets.write": (
        tool("create_secret", "Store a new secret in the vault."),
        tool("list_secret_names", "List the names of stored items.", props={}),
    ),
    "secrets.read": (
        tool("get_secret", "Return the secret value stored under a name."),
        tool("get_setting", "Return a display setting."),
    ),
    "secrets.api_keys": (
        tool("get_keys", "Returns the API keys of the project."),
        tool("get_keyboard_layout", "Returns the keyboard layout."),
    ),
    "delete.data_store": (
        tool("delete_repository", "Delete a repository permanently."),
        tool("get_repository", "Get a repository."),
    ),
    "delete.bulk": (
        tool("purge_queue", "Delete all messages in the queue."),
        tool("count_messages", "Count the messages in the queue."),
    ),
    "delete.remote": (
        tool("delete_ticket", "Delete a ticket from the helpdesk."),
        tool("close_ticket", "Close a ticket in the helpdesk."),
    ),
    "delete.local": (
        tool("delete_file", "Delete a file in the allowed directories.", props={"path": {"type": "string"}}),
        tool("read_file", "Read a file in the allowed directories.", props={"path": {"type": "string"}}),
    ),
    "deploy.code": (
        tool("deploy_function", "Deploy a function to the edge runtime."),
        tool("get_function_logs", "Get the logs of a function."),
    ),
    "access.change": (
        tool("add_member", "Add a member to the team."),
        tool("list_members", "List the members of the team."),
    ),
    "comms.external": (
        tool("send_email", "Send an email to a recipient."),
        tool("get_email", "Get an email by id."),
    ),
    "infra.change": (
        tool("create_cluster", "Create a Kubernetes cluster."),
        tool("describe_cluster", "Describe a Kubernetes cluster."),
    ),
    "infra.tunnel": (
        tool("open_tunnel", "Open an SSH tunnel to the bastion host."),
        tool("list_tunnels", "List the tunnels configured for the account."),
    ),
    "code.push": (
        tool("push_files", "Push several files to a branch in one commit."),
        tool("list_files", "List files on a branch."),
    ),
    "read.open_web": (
        tool("fetch", "Fetches a URL from the internet and returns its content as markdown."),
        tool("get_weather", "Get the weather for a city."),
    ),
    "read.browser_content": (
        tool(
            "browser_snapshot", "Capture an accessibility snapshot of the current page.", server="playwright"
        ),
        tool("db_snapshot", "Create a snapshot of the database volume.", server="cloud-db"),
    ),
    "read.payment_records": (
        tool("list_customers", "List customers with their payment details."),
        tool("list_products", "List products in the catalog."),
    ),
    "read.query_language": (
        tool("query_metrics", "Execute a PromQL instant query against the metrics store."),
        tool("exec", "Executes a write query against the warehouse."),
    ),
    "read.private_messages": (
        tool("get_message", "Get a specific mail message by ID."),
        tool("get_release", "Get a release by tag."),
    ),
    "write.bookkeeping": (
        tool("star_repository", "Star a repository for the user."),
        tool("fork_repository", "Fork a repository."),
    ),
    "exec.repl": (
        tool("node_repl", "A Node.js REPL that keeps variables between calls."),
        tool("repl_docs", "Explains how the REPL of this language works."),
    ),
    "exec.explain_analyze": (
        tool("profile_query", "Returns the actual execution plan of a statement, with timings."),
        tool("show_plan", "Returns the estimated execution plan of a statement without executing it."),
    ),
    "exec.agent_run": (
        tool("ask_analyst", "A specialized research agent that reads filings and answers questions."),
        tool("get_agent", "Get the configuration of an agent by ID."),
    ),
    "exec.llm_params": (
        tool(
            "complete",
            "",
            props={
                "prompt": {"type": "string"},
                "model": {"type": "string"},
                "temperature": {"type": "number"},
            },
        ),
        tool(
            "create_assistant",
            "",
            props={
                "prompt": {"type": "string"},
                "model": {"type": "string"},
                "temperature": {"type": "number"},
            },
        ),
    ),
    "update.bulk": (
        tool("update", "Update documents in a collection.", props={"filter": {}, "update": {}, "multi": {}}),
        tool("update_one", "Update one document.", props={"filter": {}, "update": {}}),
    ),
    "write.session_state": (
        tool("clear_cache", "Clear the parse tree cache."),
        tool("clear_table", "Clear every row of a table."),
    ),
    "exec.any_endpoint": (
        tool("rpc_call", "Call any JSON-RPC method on a server.", props={"method": {}, "server": {}}),
        tool("rpc_status", "Call the status method on the node.", props={"method": {}, "server": {}}),
    ),
    "exec.render_code": (
        tool("render_figure", "Renders an image from Asymptote code."),
        tool("render_diagram", "Renders a diagram from Mermaid code."),
    ),
    "exec.process_session": (
        tool("attach", "Attach to a running process by ID."),
        tool("attach_label", "Attach a label to the issue."),
    ),
    "write.local_signal": (
        tool("banner", "Display a banner notification on macOS."),
        tool("notify_team", "Send a notification to the team channel."),
    ),
    "read.web_audit": (
        tool("run_pagespeed_test", "Run a PageSpeed Insights test on a URL."),
        tool("run_audit", "Run a security audit on the dependencies."),
    ),
    "files.output": (
        tool("plan_task", "Plan tasks. 'outputPath': Path to save a Markdown file."),
        tool("read_plan", "Read the saved plan."),
    ),
    "files.scaffold": (
        tool("init_project", "Initializes the .project/ directory with standard files."),
        tool("list_dirs", "Lists the directory tree."),
    ),
    "write.state_verbs": (
        tool("draft_email", "Draft a new email."),
        tool("chainOfDraft", "Reason with short drafts."),
    ),
    "delete.draft_only": (
        tool("delete_contract", "Deletes a contract. It can only be deleted if it is a draft."),
        tool("delete_contract", "Deletes a contract."),
    ),
    "write.listed_actions": (
        tool("pods", "Manages snapshots with following actions: save, load, delete."),
        tool("docs", "Supports the following actions: list, get, search."),
    ),
    "delete.to_trash": (
        tool("delete_note", "Move a note to the trash, where it can be restored later."),
        tool("delete_note", "Permanently delete a note."),
    ),
    "files.edit": (
        tool("editor", "Create or edit text files in the workspace."),
        tool("view_file", "View files in the workspace."),
    ),
    "deploy.promote": (
        tool("promote_release", "Promotes a release from the staging stage to production."),
        tool("get_pipeline", "Get the stages of a pipeline and the apps in each."),
    ),
    "read.private_sources": (
        tool(
            "search_knowledge",
            "Search your team knowledge. Sources could include Slack discussions, Gmail and Google Drive documents.",
        ),
        tool("logo_search", "Search logos of brands such as Slack and Gmail in SVG or PNG."),
    ),
    # rubric-driven Execute rules (classifier/rules/execute_rubric.py; more cases in test_execute_rubric.py)
    "exec.browser_session": (
        tool("go_forward", "Navigate forward in browser history"),
        tool("go_up", "Navigate back to the parent folder"),
    ),
    "exec.build_test_launch": (
        tool("build_app", "Builds a macOS app using xcodebuild from a project file."),
        tool("build_index", "Build search index for docs"),
    ),
    "exec.agent_start": (
        tool("start_agent", "Start an interactive agent that may require user input"),
        tool("agent_wizard", "Start an agent configuration wizard"),
    ),
    "exec.model_call": (
        tool("describe_image", "Prompts vision LLM and returns description of image content."),
        tool("scrape_extract", "Extract structured data from web pages using LLM."),
    ),
    "exec.http_request": (
        tool("curl", "Make an HTTP request to any URL with customizable method, headers, and body."),
        tool("upload", "Make a POST request to images/upload/v1"),
    ),
    "exec.modifying_query": (
        tool("execute", "Execute data modification queries (INSERT/UPDATE/DELETE)."),
        tool("plan", "Generates an estimated execution plan for a SQL query without executing it."),
    ),
    "deploy.app_project": (
        tool("new_project", "Deploy new project from docker-compose.yaml contents."),
        tool("pg_deploy", "Deploys a PostgreSQL database in the project."),
    ),
    "exec.domain_code": (
        tool("play_music", "Play music using Sonic Pi code.\n\nArgs:\n    code: Sonic Pi Ruby code"),
        tool("get_country", "Get a country.\n\nArgs:\n    code: ISO country code"),
    ),
    "write.stats_refresh": (
        tool("gather_stats", "Execute the ANALYZE TABLE command to collect table statistics"),
        tool("analyze_table", "Analyze the table and return its column statistics"),
    ),
    "files.merge": (
        tool("merge", "Merge JSON files into a one JSON file"),
        tool("merge_pr", "Merge a pull request into the base branch"),
    ),
    "exec.any_platform": (
        tool("execute_action", "Execute an action to perform operations on third-party platforms."),
        tool("execute_step", "Execute a step of the workflow on the platform."),
    ),
    "comms.cc_recipients": (
        tool("add_reply", "Add a reply to the case", props={"cc_emails": {"type": "array"}}),
        tool("search_mail", "Search mail", props={"cc": {"type": "string"}}),
    ),
    "files.output_arg": (
        tool(
            "gen",
            "Generate resources",
            props={
                "model_file": {
                    "type": "string",
                    "description": "Resources will be generated in the same directory.",
                }
            },
        ),
        tool(
            "gen",
            "Generate resources",
            props={"model_file": {"type": "string", "description": "Path to the model."}},
        ),
    ),
    "exec.op_list_run": (
        tool(
            "gadgets", "Observe", props={"action": {"type": "string", "description": "run to run a gadget"}}
        ),
        tool(
            "gadgets", "Observe", props={"action": {"type": "string", "description": "list to list gadgets"}}
        ),
    ),
    "read.remote_host_files": (
        tool("sftp_download", "Download a file from the remote server via SFTP."),
        tool("download_report", "Download the report as a PDF file."),
    ),
}
# the rules of classifier/rules/schema_classes.py (rounds 8e/8f) keep their cases next to their other tests
CASES.update(SCHEMA_CLASS_CASES)
CASES.update(CRITICAL_TARGET_CASES)
CASES.update(ROUND8RS_CASES)
CASES.update(ROUND8YZ_CASES)
CASES.update(ROUND9ABC_CASES)
CASES.update(ROUND9DE_CASES)
CASES.update(ROUND9JKL_CASES)
CASES.update(ROUND9MNO_CASES)
CASES.update(ROUND9PQR_CASES)
CASES.update(ROUND9VWX_CASES)
CASES.update(ROUND10CF_CASES)

# Round 4's widenings of existing rules: (rule, a tool it must now fire on, a near miss it must not).
WIDENED = [
    (
        "exec.script",
        tool("query_resources", "Execute a boto3 code snippet to query cloud resources."),
        tool("security_scan", "Runs both code and infrastructure security analysis on the given files."),
    ),
    (
        "exec.script",
        tool("eval_form", "Evaluate Clojure code in the current namespace."),
        tool("analyze", "Run static code analysis on the repository."),
    ),
    (
        "exec.code_argument",
        tool("query", "Runs the snippet against the account.", props={"code_snippet": {"type": "string"}}),
        tool("lookup", "Runs a lookup of the address.", props={"zip_code": {"type": "string"}}),
    ),
    (
        "exec.llm_run",
        tool("consult", "Ask a more powerful AI for help with complex problems."),
        tool("faq", "Ask questions about the product and read the answers from the FAQ."),
    ),
    (
        "exec.llm_run",
        tool("respond_text", "Respond with text to a prompt using the hosted Text API."),
        tool("respond_to_review", "Respond to a customer review."),
    ),
    (
        "exec.llm_run",
        tool("generate_from_reference", "Generate a new image using an existing image as reference."),
        tool("resize_image", "Resize an existing image to a new width."),
    ),
    (
        "exec.llm_run",
        tool("generate_image", "Generate images using the 4o-image API and open the results."),
        tool("list_images", "List the images generated so far."),
    ),
    (
        "exec.llm_run",
        tool("grok_reason", "Deep reasoning"),
        tool("get_gemini_chat_history", "Returns earlier chats."),
    ),
    (
        "exec.workload",
        tool(
            "run_evaluation_tests",
            "This tool allows the users to run evaluation tests. This tool triggers a new CI pipeline and returns its URL.",
        ),
        tool("get_pipeline_status", "This tool returns the status of the latest pipeline."),
    ),
    (
        "exec.write_query",
        tool(
            "execute_sql", "Execute SQL operations on a database. Use only READ-ONLY queries (SELECT, SHOW)."
        ),
        tool("execute_sql", "Execute a read-only SQL query on a database."),
    ),
    (
        "exec.browser",
        tool("ui_swipe", "Swipe on the screen in the iOS Simulator"),
        tool("get_active_tabs", "Retrieves information about currently open tabs in VS Code."),
    ),
    (
        "exec.browser",
        tool("send_keys", "sends keys to an element, aka typing"),
        tool("get_api_keys", "Lists the API keys of the account."),
    ),
    (
        "money.move",
        tool("pay_invoice", "Pay an unpaid invoice from the account balance."),
        tool("create_invoice", "Create an invoice for a customer."),
    ),
    (
        "money.billing_object",
        tool("complete_draft_order", "Complete a draft order"),
        tool("get_draft_order", "Get a draft order"),
    ),
    (
        "comms.external",
        tool("reply_to_thread", "Reply to a specific message thread in Slack"),
        tool("reply_to_comment", "Reply to a review comment on a pull request."),
    ),
    (
        "comms.external",
        tool(
            "create_invitation",
            "Creates an invitation. The invited email will receive an email with a sign-up link.",
        ),
        tool(
            "list_invitations",
            "Lists invitations. The invited email will receive an email with a sign-up link.",
        ),
    ),
    (
        "read.open_web",
        tool("get_llm_txt", "Fetch an LLM.txt file from a given URL."),
        tool("get_file", "Fetch a file from the given folder."),
    ),
    (
        "read.open_web",
        tool("extract", "Extracts structured data as JSON from a web page given a URL."),
        tool("extract", "Extracts structured data as JSON from a PDF file."),
    ),
    (
        "read.open_web",
        tool(
            "convert_to_markdown", "Convert a resource described by an http:, https: or file: URI to markdown"
        ),
        tool("convert_to_markdown", "Convert a local DOCX file to markdown"),
    ),
]

# Round 4's narrowings: (rule, a tool it must no longer fire on, a tool it still fires on).
NARROWED = [
    (
        "comms.external",
        tool("send_notification", "Send a notification on macOS using osascript"),
        tool("send_notification", "Send a push notification to the user's phone"),
    ),
    (
        "read.payment_records",
        tool("get_transaction", "Get detailed information about a transaction by its hash."),
        tool("get_transaction", "Get a payment transaction of a customer."),
    ),
    (
        "exec.browser",
        tool("get_context_tabs", "Retrieves information about tabs marked in the UI of VS Code."),
        tool("switch_tabs", "Switch between tabs of the browser."),
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "positive", "negative"), WIDENED, ids=[f"{r}-{p.tool}" for r, p, _ in WIDENED]
)
def test_widened_rule_fires(rule_id, positive, negative) -> None:
    assert rule_id in {h.rule.id for h in run_rules(ToolText.from_input(positive))}, positive.description
    assert rule_id not in {h.rule.id for h in run_rules(ToolText.from_input(negative))}, negative.description


@pytest.mark.parametrize(
    ("rule_id", "quiet", "fires"), NARROWED, ids=[f"{r}-{q.tool}" for r, q, _ in NARROWED]
)
def test_narrowed_rule_stays_quiet(rule_id, quiet, fires) -> None:
    assert rule_id not in {h.rule.id for h in run_rules(ToolText.from_input(quiet))}, quiet.description
    assert rule_id in {h.rule.id for h in run_rules(ToolText.from_input(fires))}, fires.description


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES_BY_ID), set(RULES_BY_ID) ^ set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_quotes(rule_id: str) -> None:
    positive, negative = CASES[rule_id]
    t = ToolText.from_input(positive)
    hits = {h.rule.id: h for h in run_rules(t)}
    assert rule_id in hits, f"{rule_id} did not fire on {positive.tool}"
    hit = hits[rule_id]
    assert hit.quote and hit.quote in t.field(hit.field)
    neg = {h.rule.id for h in run_rules(ToolText.from_input(negative))}
    assert rule_id not in neg, f"{rule_id} fired on the near miss {negative.tool}"


def test_execute_rules_respect_declared_read_only() -> None:
    # The rubric's order: Execute only when readOnlyHint is not true.
    t = tool("terminal", "Run arbitrary shell commands on the host.", annotations={"readOnlyHint": True})
    assert not [h for h in run_rules(ToolText.from_input(t)) if h.rule.action == "Execute"]


def test_rule_precision_file_covers_rules() -> None:
    from classifier.rules import rule_precision

    measured = rule_precision()
    assert {r.id for r in RULES} <= set(measured)
    for rid, s in measured.items():
        if s["fired"]:
            assert 0.0 <= s["action_precision"] <= 1.0, rid
