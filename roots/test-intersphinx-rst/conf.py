extensions = ["sphinxcontrib_adr", "sphinx.ext.intersphinx"]
project = "intersphinx"
# intersphinx_mapping = {"core": (<outdir of roots/test-builders-*>, <its objects.inv>)}
# is set by tests/test_intersphinx.py: the inventory is read from disk, no network.
