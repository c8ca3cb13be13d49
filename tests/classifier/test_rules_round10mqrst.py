"""Stop 31: misses of blind rounds 10m/10q-10t (scored on f83f29b and on 5944c92 before any fix from them): each rule
on wordings of its class other than the real tools', and near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

_DOMAIN = {"domain": {"type": "string"}, "years": {"type": "integer"}}

FIRES = [
    # a registrar charges the account for a registration, a renewal or a purchase
    (tool("register_domain", "Register a domain name for the account.", props=_DOMAIN), "money.move"),
    (tool("renew-domains", "Extend the registration of the given domains.", props=_DOMAIN), "money.move"),
    (tool("buy_domain", "Buy an available domain with the account balance.", props=_DOMAIN), "money.move"),
    # a delete that says everything inside goes with it
    (
        tool("remove_group", "Delete a group and all projects within it."),
        "delete.data_store",
    ),
    (
        tool("drop_tenant", "Destroy a tenant and all of its workloads."),
        "delete.data_store",
    ),
    (tool("delete_namespace", "Remove the given namespace."), "delete.data_store"),
    # a signed certificate is a login credential
    (tool("issue_certificate", "Issue a client certificate for the named user."), "secrets.write"),
    (tool("sign_cert", "Sign a user's SSH public key with the CA."), "secrets.write"),
]

MISSES = [
    # looking a domain up, pricing it or listing registrations spends nothing
    (tool("check_domain_availability", "Check whether a domain can be registered.", props=_DOMAIN), "money.move"),
    (tool("register_domain_check", "Check the price to register a domain.", props=_DOMAIN), "money.move"),
    (tool("list_domains", "List domains registered on the account."), "money.move"),
    # a group's member or a namespace's label removed is not the group or the namespace
    (tool("delete_group_member", "Remove a member from a group."), "delete.data_store"),
    (tool("list_namespaces", "List namespaces and all their workloads."), "delete.data_store"),
    (tool("delete_pod", "Delete a pod in a namespace."), "delete.data_store"),
    # a certificate read or checked is not issued
    (tool("get_certificate", "Get the issued certificate for a domain."), "secrets.write"),
    (tool("verify_cert_signature", "Verify that a certificate was signed by the CA."), "secrets.write"),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("renew_domain", "Renew a domain registration.", props=_DOMAIN), ("Write", "critical")),
        (tool("delete_namespace", "Delete the namespace."), ("Write", "critical")),
        (tool("issue_cert", "Issue a short-lived SSH certificate for a user."), ("Write", "critical")),
    ],
)
def test_round10mqrst_answers(t, expected):
    assert_answer(t, *expected)
