# A minimal Sphinx project that builds the generated data-collection page with warnings as
# errors (scripts/docs-check.sh). The page's cross-references point into Firefox's telemetry
# docs; stubs.rst stands in for those labels here.
project = "eventspec docs check"
extensions = []
exclude_patterns = ["_build"]
nitpicky = True
html_theme = "alabaster"
