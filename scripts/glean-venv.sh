# Sourced by the benchmark scripts: glean_parser, pinned by bench/glean-requirements.txt, in
# .venv-glean (re-created when the pins change). Sets `venv`.
venv=.venv-glean
requirements=bench/glean-requirements.txt
if [[ ! -x $venv/bin/glean_parser ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi
