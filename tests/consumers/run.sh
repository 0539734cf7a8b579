#!/usr/bin/env bash
# The exports checked by the consumers too heavy for the test suite: doccano 1.8.4's own importer (a 714 MB install,
# minutes) and label-studio-sdk's validator and converter (513 MB). Each gets a virtualenv of its own, made once and
# kept in $CLAIM_READER_CONSUMERS (default ~/.cache/claim-reader-consumers); the samples are made with the project's
# environment (run this with it active, from the checkout's root). Exit 0 only if every check passes.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${CLAIM_READER_CONSUMERS:-$HOME/.cache/claim-reader-consumers}
export CLAIM_READER_CONSUMERS=$cache
mkdir -p "$cache"
venv() {  # venv NAME PACKAGES...: make it once
  local name=$1; shift
  if [[ ! -x $cache/$name/bin/python ]]; then
    python3 -m venv "$cache/$name"
    "$cache/$name/bin/pip" install -q "$@"
  fi
}
venv doccano 'doccano==1.8.4' 'numpy<2' 'marshmallow<4'  # pandas 1.5.3 needs numpy<2, environs 9.5 marshmallow<4
venv labelstudio 'label-studio-sdk==2.1.2'
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
python tests/consumers/make_samples.py "$samples"
status=0
for name in seeds fashion; do
  "$cache/doccano/bin/python" tests/consumers/doccano_import.py "$samples/$name.doccano.jsonl" \
    "$samples/$name.native.jsonl" --overlap || status=1
  "$cache/labelstudio/bin/python" tests/consumers/labelstudio_check.py "$samples/$name.ls.json" || status=1
done
"$cache/doccano/bin/python" tests/consumers/doccano_import.py "$samples/seeds.doccano.jsonl" \
  "$samples/seeds.native.jsonl" --overlap --task || status=1
echo "consumer checks: $([[ $status == 0 ]] && echo all passed || echo FAILED)"
exit $status
