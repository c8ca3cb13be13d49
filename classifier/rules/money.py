"""Money and billing rules: payments, trades, wallet signatures, amounts, billing objects."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.contexts import _CRYPTO_CONTEXT, _MONEY_CONTEXT
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Rule,
    all_of,
    any_of,
    enum_value,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
)

# an amount or quantity of the asset to move, under any prefix or unit suffix (`amount_sats`, `token_amount`)
_AMOUNT_PROP = r"(?:\w+_)?amount(?:_\w+)?|qty|quantity"

# A contract call that states it changes nothing: "read-only call (eth_call)", "Call a contract method without sending a
# transaction".
_CONTRACT_READ = rx(
    r"\bread[- ]?only\b|\beth_call\b|\bview\s+(?:function|method)s?\b|\bdoes\s+not\s+(?:cost\s+gas|modify)"
    r"|\bwithout\s+(?:sending|submitting|broadcasting)\s+(?:an?\s+)?transactions?\b",
    TEXT_FIELDS,
)

MONEY_RULES: list[Rule] = [
    # Money and billing.
    Rule(
        "money.move",
        "moves money (payment, refund, payout, transfer, capture)",
        any_of(
            # Round 8t: `confirm_payment_intent` "Confirm a PaymentIntent": confirming (or capturing) charges the payment
            # method, while creating the intent does not (the veto on "intent" below).
            name_has(W("confirm capture"), W("payment payments paymentintent")),
            # Round 10t: `register-domain` "Register a new domain", `renew_domain(domain, years)`: a registrar charges
            # the account for every registration, renewal or transfer-in of a domain.
            none_of(
                any_of(
                    name_has(W("register purchase buy renew"), W("domain domains"), first=True),
                    # Round 10z: `domains_purchase` "Register a domain. Pass the full GoDaddy purchase request",
                    # `porkbun_domain_create` "Register a domain using account credit": the same charge, named after
                    # the object or by a plain create.
                    name_has(W("purchase buy"), W("domain domains")),
                    all_of(
                        name_has(W("domain domains")),
                        lead_rx(
                            r"^\W*(?:register|registers|purchase|purchases|buy|buys|renew|renews)\s+"
                            r"(?:an?\s+|the\s+|new\s+|one\s+)*(?:[\w.-]+\s+)?domains?(?:\s+names?)?\b",
                            needles=("domain",),
                        ),
                    ),
                ),
                name_has(W("check availability available price prices pricing quote estimate status list")),
            ),
            # Round 8v: `confirm_transfer` on a wallet "Confirm and execute a pending transfer": the confirmation is
            # the step that sends the funds.
            all_of(
                name_has(
                    W("confirm approve execute finalize"),
                    W("transfer transfers withdrawal withdrawals transaction transactions tx"),
                ),
                any_of(_MONEY_CONTEXT, _CRYPTO_CONTEXT),
            ),
            none_of(
                any_of(
                    name_has(
                        [
                            "create",
                            "issue",
                            "capture",
                            "send",
                            "make",
                            "process",
                            "initiate",
                            "execute",
                            "refund",
                            "pay",
                        ],
                        [
                            "refund",
                            "refunds",
                            "payout",
                            "payouts",
                            "charge",
                            "payment",
                            "payments",
                        ],
                    ),
                    # Paying an invoice or a bill sends the money it asks for (`pay_invoice`, "Pay an unpaid invoice"); so
                    # does paying an offer or an order (round 7: "Pays an offer_id from the l402_offers").
                    name_has(["pay"], W("invoice invoices bill bills offer offers order orders"), first=True),
                    # Round 8: `charge_customer(amount, currency)` "Charge a customer's saved card": the charge is the
                    # money moved (a charge listed or a "charge point" looked up is not).
                    all_of(
                        name_has(["charge"], first=True),
                        prop_named(r"(?:unit_)?amount(?:_\w+)?"),
                    ),
                    rx(
                        r"^\W*pays?\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:invoices?|bills?|offers?|orders?)(?:_?ids?)?\b",
                        ("description", "title"),
                        lead_only=True,
                        needles=("pay",),
                    ),
                    # Round 7: "Convert markdown to PDF, and pay with Lightning", "Send 100 sats": the call spends the
                    # caller's funds (on a coin or wallet, not "payment methods customers can pay with").
                    rx(
                        r"(?:^\W*|\band\s+|,\s*)pays?\s+(?:with|using|via|in)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:lightning|"
                        r"bitcoin|btc|sats|satoshis|crypto|wallet|l402|usdc|ecash|cashu|nwc)\b"
                        r"|\b(?:send|pay|spend|zap|tip)s?\s+(?:\w+\s+)?(?:sats|satoshis)\b"
                        # "Get full portfolio using x402 payment protocol. For AI agents with automatic payment": each
                        # call is paid from the agent's wallet.
                        r"|\b(?:using|via|with|over)\s+(?:the\s+)?(?:x402|l402)\s+(?:payment\s+)?(?:protocol|payments?)\b",
                        TEXT_FIELDS,
                        needles=(
                            "pay with",
                            "pay using",
                            "pay via",
                            "pay in",
                            "pays with",
                            "pays using",
                            "pays via",
                            "pays in",
                            "sats",
                            "satoshi",
                            "x402",
                            "l402",
                        ),
                    ),
                    # Round 9i: `wdk_mpp_pay(invoice)` "Pay an MPP Lightning challenge": paying takes the invoice's
                    # amount from the wallet, whatever the invoice is for.
                    all_of(
                        name_has(W("pay pays")),
                        prop_named(r"(?:bolt11_?|ln_?|lightning_?)?invoice|bolt11|payment_?request|lnurl"),
                    ),
                    # Round 9n: `pay_lightning_address(lightning_address, amount_sats)` "Request payment to a lightning
                    # address": a tool named for paying, with the amount to pay, pays it.
                    # (round 9w: `nwc_pay_lightning_address(address, amount_sats)`: a wallet prefix before the verb)
                    all_of(
                        name_has(W("pay pays")),
                        prop_named(
                            r"amount|(?:\w+_)?amount_?(?:sats|msats|cents|usd|usdc|eth|btc)?|(?:amount_)?(?:sats|msats)"
                        ),
                    ),
                    # Round 9i: "Create an authorization hold without capturing funds": the hold takes the amount off
                    # the card's available funds.
                    lead_rx(
                        r"^\W*(?:create|creates|place|places|put|puts|make|makes)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?"
                        r"(?:pre-?)?authori[sz]ation\s+holds?\b"
                        r"|^\W*(?:pre-?)?authori[sz]es?\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:card\s+)?"
                        r"(?:payments?|charges?|amounts?|funds)\b",
                        needles=("authori",),
                    ),
                    # Round 9i: "Fetch any x402-paid endpoint — handles 402 payment challenge automatically": every
                    # call pays the endpoint's price from the wallet.
                    rx(
                        r"\bx402[- ]paid\b|\b(?:handles?|pays?|settles?)\s+(?:the\s+|any\s+)?(?:http\s+)?402\s+"
                        r"(?:payment\s+)?(?:challenges?|responses?|requirements?)\b[^.\n]{0,30}\bautomatically\b"
                        r"|\bautomatically\s+(?:handles?|pays?|settles?)\s+(?:the\s+|any\s+)?(?:http\s+)?402\b"
                        # (round 9k: "Fetch a URL with automatic x402 payment")
                        # (round 9n: "Fetch a URL with automatic L402 Lightning payment")
                        r"|\bautomatic(?:ally)?\s+(?:x402|l402|402)\s+(?:lightning\s+|usdc\s+|crypto\s+)?payments?\b",
                        ("description",),
                        needles=("x402", "402"),
                    ),
                    # A transfer moves money only in a money context: issues, apps and ownership transfer too.
                    all_of(name_has(["transfer", "transfers"]), _MONEY_CONTEXT),
                    rx(
                        r"\b(?:create|issue|make|send|process|capture|initiate|execute)s?\s+(?:an?\s+|the\s+|new\s+)?"
                        r"(?:\w+\s+)?(?:refunds?|payouts?|payments?|money transfers?|transfers? of funds|charges?)\b"
                        # (round 9a: "Issue a refund linked to an existing transaction" is a refund, not a link)
                        r"(?!\s+(?:link|method|intent|page|record)s?\b)",
                        TEXT_FIELDS,
                        lead_only=True,
                    ),
                ),
                name_has(W("link links method methods intent list get search account accounts")),
                # "Create a new payee (person/company you can send payments to)": the payee is described, not paid.
                rx(
                    r"\b(?:you|which|that|who)\s+(?:can|could|may|will)\s+(?:send|make)\s+payments?\s+to\b",
                    ("description",),
                    needles=("payment",),
                ),
                # Code generators and checks that mention payments do not move money themselves.
                name_has(
                    W("generate test check validate quote estimate preview calculate explain simulate"),
                    first=True,
                ),
            ),
        ),
        risk="critical",
        flags=("financial",),
        category="Financial",
        skip_if_readonly=True,
    ),
    Rule(
        "money.trade",
        "trades, deposits, withdraws or sends funds or assets",
        none_of(
            any_of(
                name_has(W("buy sell swap purchase deposit withdraw"), first=True),
                # Round 9t: `sweep_wallets` "Sweep all native tokens (SOL / ETH) from a wallet group back to one
                # destination": every balance moves to the address the caller names.
                lead_rx(
                    r"^\W*sweeps?\s+(?:all\s+|the\s+|any\s+|remaining\s+|leftover\s+)*(?:[\w/()-]+\s+){0,4}?"
                    r"(?:tokens?|funds?|balances?|coins?|assets?|sol|eth|btc|usdc|lamports)\b",
                    needles=("sweep",),
                ),
                # (`place_marker`, `place_block`: "place" alone puts things anywhere; with an order, a bet or a trade
                # it is the market verb)
                name_has(["place"], W("order orders bet bets trade trades wager wagers"), first=True),
                # CV (qa `set_take_profit_stop_loss` "Set take profit and/or stop loss orders for an EXISTING
                # position"): the exchange sells the position by itself when the price is hit.
                name_has(W("set place create add update"), ["stop"], ["loss"]),
                lead_rx(
                    r"^\W*(?:set|sets|place|places|create|creates|add|adds)\s+(?:an?\s+|the\s+)?(?:[\w/-]+\s+){0,4}?"
                    r"(?:stop[- ]loss|take[- ]profit)\s+(?:and/or\s+(?:stop[- ]loss|take[- ]profit)\s+)?orders?\b",
                    needles=("stop", "take"),
                ),
                # `execute_swap`, "Execute a token swap on Uniswap": the run verb in front of the trade.
                name_has(W("execute submit perform make"), W("swap swaps trade trades"), first=True),
                lead_rx(
                    r"^\W*(?:execute|executes|perform|performs|make|makes|submit|submits)\s+(?:an?\s+|the\s+)?"
                    r"(?:[\w-]+\s+){0,2}?(?:swaps?|trades?)\b(?!\s+(?:quotes?|estimates?|simulations?|history))",
                    needles=("swap", "trade"),
                ),
                # Lending protocols: borrowing, repaying and collateral move the caller's assets.
                name_has(W("borrow repay lend stake unstake redeem"), first=True),
                # Round 8v: `aptos_thala_unstake(amount)` "Unstake thAPT to receive APT back": the lead verb moves the
                # caller's holdings and the amount says how much, whatever token the text names.
                all_of(
                    lead_rx(
                        r"^\W*(?:borrow|repay|lend|stake|unstake|restake|redeem|swap|deposit|withdraw|bridge)s?\b",
                        needles=(
                            "borrow",
                            "repay",
                            "lend",
                            "stake",
                            "redeem",
                            "swap",
                            "deposit",
                            "withdraw",
                            "bridge",
                        ),
                    ),
                    prop_named(_AMOUNT_PROP + r"|amount_?in"),
                ),
                name_has(W("add remove withdraw deposit supply"), W("collateral liquidity")),
                # Round 10p: `submit_deposit(amount, asset)`, `tapp_collect_fee(poolId, positionAddr)`: a deposit or
                # withdrawal asked for with its amount, and a position's accrued fees or rewards collected, move funds
                # in or out of the account or position.
                all_of(
                    name_has(
                        W("submit make initiate request create"), W("deposit deposits withdrawal withdrawals")
                    ),
                    prop_named(_AMOUNT_PROP),
                ),
                all_of(
                    name_has(W("collect claim harvest"), W("fee fees reward rewards yield yields")),
                    rx(
                        r"\b(?:liquidity|pools?|positions?|staking|staked|vaults?|farms?|lp)\b",
                        ("description", "title", "name"),
                    ),
                ),
                # Round 10p: `order_domestic_stock(iscd, side, qty, price)` "국내 주식 현금 주문": an order for shares with
                # a side or a size (the side described, not enumerated).
                all_of(
                    name_has(
                        W("order orders"),
                        W(
                            "stock stocks share shares equity equities etf etfs futures options crypto coin coins"
                        ),
                        first=True,
                    ),
                    prop_named(r"side|(?:order_?)?(?:qty|quantity|size)"),
                ),
                # Round 10l: `hts_mint_token(tokenId, amount, recipient)` "Mint HTS tokens": new supply issued on
                # chain with the treasury's key is value created and handed out, and cannot be called back.
                all_of(
                    name_has(W("mint mints")), prop_named(_AMOUNT_PROP + "|supply")
                ),
                # (round 10d: `CreateOcoOrderAsync`: one-cancels-the-other, bracket and trailing orders trade too)
                name_has(
                    W("place submit create"),
                    W("order orders"),
                    W("market limit futures spot trade oco otoco oto bracket trailing twap iceberg"),
                ),
                # Round 8r: `create_contract_order(symbol, side: BUY|SELL, quantity)`, `orders.batch` "Execute multiple
                # buy/sell orders": a buy/sell side with a size is an order to the market, whatever the name calls it.
                none_of(
                    all_of(
                        enum_value(
                            r"(?:order_?|trade_?|position_?)?(?:side|direction)", r"^(?:buy|sell|long|short)$"
                        ),
                        prop_named(
                            r"(?:order_?|trade_?|base_?|quote_?)?(?:quantity|qty|amount|size|volume|shares|contracts|"
                            r"notional|units|lots?)(?:_?usd|_?in_?\w+)?"
                        ),
                        # (the words every such tool names itself by: the gate that spares other tools the schema walk)
                        rx(
                            r"\b(?:orders?|trad\w*|positions?)\b",
                            ("name", "title", "description"),
                            needles=("order", "trad", "position"),
                        ),
                    ),
                    # a fee or margin calculator, a backtest or an order-book lookup takes a side too
                    name_has(
                        W("calculate calc analyze analyse backtest fetch find show check validate"),
                        first=True,
                    ),
                ),
                # Closing a position sells (or buys back) at market, realising the loss or gain; adding or removing
                # margin moves funds into or out of a leveraged position (removal can trigger liquidation).
                name_has(W("close liquidate"), W("position positions"), first=True),
                name_has(
                    W("add remove modify adjust increase decrease reduce transfer"), ["margin"], first=True
                ),
                lead_rx(
                    r"^\W*(?:close|closes|liquidate|liquidates)\s+(?:an?\s+|the\s+|all\s+|every\s+)?(?:open\s+)?"
                    r"(?:[\w-]+\s+){0,2}?positions?\b"
                    r"|^\W*(?:add|adds|remove|removes|modify|modifies|adjust|adjusts|increase|increases|decrease|decreases|"
                    r"reduce|reduces|transfer|transfers)\s+(?:or\s+\w+\s+)?(?:isolated\s+|the\s+)?margin\b",
                    needles=("position", "margin"),
                ),
                name_has(
                    W("send transfer"),
                    # mana: a prediction market's currency, sent between users like coins
                    W(
                        "transaction transactions tx eth btc sol token tokens funds crypto usdc coins nft mana"
                    ),
                ),
                rx(
                    r"^\W*(?:place|buy|sell|swap|purchase|deposit|withdraw|transfer|send)s?\b[^.\n]{0,40}"
                    r"\b(?:orders?|funds|tokens?|eth|btc|crypto|money|usdc|usdt|assets?|shares|stocks?|coins?|mana)\b",
                    ("description", "title"),
                    lead_only=True,
                ),
                rx(
                    r"^\W*(?:borrow|repay|lend|stake|unstake|redeem)s?\b[^.\n]{0,40}"
                    r"\b(?:funds|tokens?|eth|btc|crypto|usdc|usdt|assets?|coins?|collateral|loans?|positions?)\b"
                    r"|^\W*(?:add|remove|withdraw|deposit|supply)s?\s+(?:\w+\s+){0,2}?(?:collateral|liquidity)\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("borrow", "repay", "lend", "stake", "redeem", "collateral", "liquidity"),
                ),
            ),
            name_has(W("get list search quote estimate preview simulate history"), first=True),
            # Round 9y: tmux `swap_window` "Exchange two windows": a layout swap, no asset.
            name_has(
                ["swap"], W("window windows pane panes tab tabs buffer buffers layout layouts column columns")
            ),
            # `stake_quote`, `swap_quote`: a price for a trade, not the trade.
            name_has(W("quote quotes")),
            # Round 9e: `swap_tokens` "Simulate a token swap on Uniswap": the lead says nothing is traded.
            lead_rx(
                r"^\W*(?:simulate|simulates|preview|previews|estimate|estimates|quote|quotes|dry[- ]runs?)\b",
                needles=("simulate", "preview", "estimate", "quote", "dry"),
            ),
            # Round 9c: `swap_health` "Get current service health, fee configuration, and supported chains": the
            # trading service's own state, read.
            name_has(W("health status info config configuration fees chains")),
        ),
        risk="critical",
        flags=("financial",),
        category="Financial",
        skip_if_readonly=True,
    ),
    Rule(
        "money.order_change",
        "cancels or changes live orders on an exchange or broker (positions open or close at other prices)",
        # "Cancel all orders or all orders for a specific symbol", "Modify a pending order by ID": live trading state
        # that the market acts on; hard to put back once the price has moved.
        any_of(
            none_of(
                any_of(
                    # one order cancelled can be placed again (QA: medium); every order of a symbol, or a changed
                    # price, is the live position
                    name_has(W("modify amend replace"), W("order orders"), first=True),
                    name_has(["cancel"], ["all"], W("order orders"), first=True),
                ),
                # "the navigation order of a document", "sort order": an ordering, not a placed order
                name_has(W("navigation sort display sorting")),
            ),
            lead_rx(
                r"^\W*(?:modify|modifies|amend|amends|replace|replaces)\s+(?:an?\s+|the\s+|all\s+)?"
                # "the sort order", "the order of the columns": an ordering, not a placed order
                r"(?:open\s+|pending\s+|active\s+|existing\s+|live\s+)?"
                r"(?:(?!(?:sort|sorting|display|navigation|column|menu|page|item|list)\s)[\w-]+\s+)?orders?\b(?!\s+of\b)"
                r"|^\W*cancels?\s+all\s+(?:open\s+|pending\s+|active\s+)?(?:[\w-]+\s+)?orders\b",
                needles=("order",),
            ),
        ),
        risk="high",
        flags=("financial",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "money.sign",
        "signs messages with a wallet key (a signature can authorise a transfer)",
        name_has(["sign"], W("message messages typed data")),
        risk="high",
        flags=("financial", "secrets"),
    ),
    Rule(
        "money.sign_transaction",
        "signs a transaction or a spending permit with a wallet key (the signed transfer is ready to broadcast)",
        # QA: `sign_transaction` "Sign a transaction with a wallet's private key" is critical: whoever holds the signed
        # transaction can move the funds, with no further consent.
        any_of(
            name_has(["sign"], W("transaction transactions tx txs permit permits psbt")),
            # Round 9k: `get_signed_transaction` "Builds and signs a partial transaction to be completed by backend fee
            # payer": the signed transfer is what the name calls getting.
            lead_rx(
                r"^\W*(?:(?:build|builds|create|creates|prepare|prepares|construct|constructs)\s+and\s+)?(?:sign|signs)\s+"
                r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:transactions?|txs?|transfers?|psbts?|permits?)\b",
                needles=("sign",),
            ),
        ),
        risk="critical",
        flags=("financial", "secrets"),
        category="Financial",
    ),
    # Round 9e: `approveToken` "Approve a spender to withdraw an amount of an ERC20 token from the connected wallet",
    # `execute-contract` "Execute a contract method (write)" from the caller's wallet: an allowance lets a third party
    # move the tokens, and a state-changing contract call can transfer or approve anything the wallet holds.
    Rule(
        "money.contract_write",
        "grants a token allowance or sends a state-changing smart-contract call from the wallet (can move its funds)",
        none_of(
            any_of(
                name_has(W("approve"), W("token tokens allowance allowances spender erc erc20")),
                name_has(W("increase set"), W("allowance allowances")),
                lead_rx(
                    r"^\W*(?:approve|approves|grant|grants)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:spender|allowance)\b"
                    r"|^\W*(?:set|sets|increase|increases)\s+(?:an?\s+|the\s+)?(?:token\s+|erc-?20\s+)?allowance\b"
                    # "Approve another address (like a DeFi protocol) to spend your ERC20 tokens"
                    r"|^\W*(?:approve|approves)\s+(?:an?\s+|the\s+|another\s+)?(?:[\w-]+\s+){0,2}?(?:\([^)\n]{0,60}\)\s+)?"
                    r"to\s+spend\b",
                    needles=("spender", "allowance", "spend"),
                ),
                all_of(
                    any_of(
                        name_has(W("write execute send invoke call transact"), W("contract contracts")),
                        lead_rx(
                            r"^\W*(?:execute|executes|call|calls|invoke|invokes|write|writes|send|sends)\s+"
                            r"(?:an?\s+|the\s+|to\s+)?(?:a\s+)?(?:smart\s+)?contract\b",
                            needles=("contract",),
                        ),
                    ),
                    any_of(_CRYPTO_CONTEXT, prop_named(r"abi|contract_?address")),
                ),
            ),
            _CONTRACT_READ,
            name_has(W("read get estimate simulate quote")),
        ),
        action="Write",
        risk="critical",
        flags=("financial",),
        category="Financial",
        writes=True,
        skip_if_readonly=True,
    ),
    # Round 9e: `deploy-contract(fromAddress, abi, bytecode)` "Deploy a smart contract": the caller's code goes on chain,
    # paid from the wallet (a fixed mock token deployed for tests stays a Write: no bytecode argument).
    Rule(
        "money.contract_deploy",
        "deploys caller-supplied contract code from the wallet (runs the caller's code on chain and spends its funds)",
        none_of(
            all_of(
                name_has(W("deploy"), W("contract contracts")),
                prop_named(r"bytecode|abi|source_?code|code|solidity"),
            ),
            _CONTRACT_READ,
            name_has(W("estimate simulate")),
        ),
        action="Execute",
        risk="critical",
        flags=("financial", "open_world"),
        category="Financial",
        skip_if_readonly=True,
    ),
    Rule(
        "money.amount_currency",
        "takes an amount and a currency",
        all_of(prop_named(r"(?:unit_)?amount(?:_\w+)?"), prop_named(r"currency(?:_code)?")),
        risk="high",
        flags=("financial",),
        skip_if_readonly=True,
    ),
    Rule(
        "money.billing_object",
        "changes billing objects (invoices, prices, subscriptions, payment links, coupons, ledger entries)",
        any_of(
            none_of(
                name_has(
                    W("create update cancel finalize void delete send pay issue add"),
                    W(
                        "invoice invoices price prices subscription subscriptions coupon coupons payment dispute disputes "
                        "billing plan plans discount discounts promo promotion promotions payee payees beneficiary beneficiaries"
                    ),
                ),
                # a project's spend plan or budget is a forecast; no customer is billed
                name_has(W("spend budget")),
            ),
            # Round 7: a priced listing offered for sale on a marketplace is a billing object (buyers pay its price).
            all_of(
                name_has(W("create update publish relist"), W("listing listings")),
                rx(
                    r"\b(?:marketplace|for\s+sale|sell\w*|prices?|priced)\b", ("description", "title", "name")
                ),
            ),
            # Round 8u: "Convert a Purchase Order into a Purchase Invoice. Creates an invoice for payment to the
            # supplier": whatever the name's verb, the call leaves a new invoice to be paid.
            rx(
                r"\b(?:creates?|generates?|issues?|raises?)\s+(?:an?\s+|the\s+|new\s+)?(?:[\w-]+\s+){0,2}?invoices?\b"
                r"(?!\s+(?:previews?|templates?|pdfs?|reports?))",
                ("description", "title"),
                needles=("invoice",),
            ),
            name_has(W("convert"), W("invoice invoices")),
            # "Complete a draft order": completing (finalizing) an order bills the customer.
            name_has(W("complete finalize"), ["draft"], W("order orders")),
            # "Creates one or more spent or received money transaction": an entry in the accounting ledger.
            rx(
                r"^\W*(?:create|record|add)s?\s+(?:an?\s+|one or more\s+|new\s+)?(?:[\w-]+\s+){0,3}?money\s+transactions?\b",
                ("description", "title"),
                lead_only=True,
                needles=("money transaction",),
            ),
        ),
        risk="high",
        flags=("financial",),
        writes=True,
        skip_if_readonly=True,
    ),
]
