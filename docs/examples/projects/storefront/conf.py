"""The storefront team's documentation: an example project of "Decisions across projects".

It relates its decisions to the payments team's, read from payments' adrs.json.
"""

extensions = ["sphinxcontrib_adr"]
project = "storefront"
# where the payments team publishes its documentation (example.org: nothing is fetched)
adr_external = {
    "payments": {"json": "../payments/adrs.json", "base_url": "https://payments.example.org/"}
}
