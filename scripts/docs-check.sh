#!/usr/bin/env bash
# Builds generated RST with real Sphinx, warnings as errors: the checked-in Normandy page, the
# page of a spec full of hostile text (codegen/eventspec/tests/specs/hostile.yaml), the page of
# a spec using every feature (spec/reader.yaml, Reader View), an imported spec, and the
# pages of random specs from the property test (codegen/eventspec/tests/properties.rs).
# Sphinx is installed into .venv-docs from the pinned docs/sphinx/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-docs
requirements=docs/sphinx/requirements.txt
if [[ ! -x $venv/bin/sphinx-build ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # build NAME RST: a Sphinx project holding RST as data-collection.rst
    local project=$work/$1
    mkdir -p "$project"
    cp docs/sphinx/conf.py docs/sphinx/index.rst docs/sphinx/stubs.rst "$project/"
    cp "$2" "$project/data-collection.rst"
    "$venv/bin/sphinx-build" -W --keep-going -q -b html "$project" "$project/_build"
    echo "sphinx-build -W: $1 ok"
}

build normandy generated/docs/data-collection.rst

cargo build -q --locked -p eventspec-cli
eventspec=target/debug/eventspec
"$eventspec" generate --out "$work/hostile-out" codegen/eventspec/tests/specs/hostile.yaml 2>/dev/null
build hostile "$work/hostile-out/docs/data-collection.rst"
"$eventspec" generate --out "$work/features-out" spec/reader.yaml 2>/dev/null
build features "$work/features-out/docs/data-collection.rst"
# A spec as `eventspec import firefox` writes it: default titles, undescribed values.
"$eventspec" generate --out "$work/imported-out" codegen/eventspec-macros/tests/ui/specs/imported.yaml 2>/dev/null
build imported "$work/imported-out/docs/data-collection.rst"

# The hostile text is shown, not obeyed: no script element, the directive printed as text.
html=$work/hostile/_build/data-collection.html
if grep -q '<script>alert' "$html"; then
    echo "hostile text became HTML in $html" >&2
    exit 1
fi
# docutils links a standalone URI of any scheme, and GitHub-style text would link and embed.
if grep -qiE 'href="javascript:|<img[^>]*track\.example' "$html"; then
    echo "hostile text became a link or an image in $html" >&2
    exit 1
fi
for shown in '&lt;script&gt;alert(1)&lt;/script&gt;' '.. raw:: html' '{{ title }}' '# not a heading' 'javascript:alert(1)'; do
    grep -qF -- "$shown" "$html" || { echo "hostile text missing from the page: $shown" >&2; exit 1; }
done
echo "hostile text shown as text"

# Random specs from the property test, all in one Sphinx project.
EVENTSPEC_RANDOM_SPECS_DIR=$work/random cargo test -q --locked -p eventspec --test properties \
    >/dev/null 2>&1
project=$work/random-project
mkdir -p "$project"
cp docs/sphinx/conf.py docs/sphinx/stubs.rst "$project/"
printf 'Random specs\n============\n\n.. toctree::\n\n' > "$project/index.rst"
for spec in "$work"/random/*.yaml; do
    name=$(basename "$spec" .yaml)
    "$eventspec" generate --out "$work/random-out/$name" "$spec" 2>/dev/null
    cp "$work/random-out/$name/docs/data-collection.rst" "$project/page$name.rst"
    printf '   page%s\n' "$name" >> "$project/index.rst"
done
"$venv/bin/sphinx-build" -W --keep-going -q -b html "$project" "$project/_build"
echo "sphinx-build -W: $(ls "$work"/random/*.yaml | wc -l) random specs ok"
