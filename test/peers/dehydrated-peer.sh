#!/bin/sh
# test/peers/dehydrated-peer.sh VODOZEMAC_PEER_DIR: starts test/peers/dehydrated-peer.mjs
# (its protocol is at its top) with the vendored matrix-sdk-crypto-wasm of
# VODOZEMAC_PEER_DIR/node_modules.tgz (../shared/peers/vodozemac, read-only), unpacked once
# into ${TMPDIR:-/tmp}/cliquet-dehydrated-peer. Needs node >= 18.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=$1
DEST=${TMPDIR:-/tmp}/cliquet-dehydrated-peer
if [ ! -f "$DEST/node_modules/@matrix-org/matrix-sdk-crypto-wasm/package.json" ]; then
  # Unpacked beside, then renamed: two tests starting at once never see half a tree.
  tmp=$(mktemp -d "$DEST.XXXXXX")
  tar -xzf "$PEER/node_modules.tgz" -C "$tmp"
  mv -T "$tmp" "$DEST" 2>/dev/null || rm -rf "$tmp"
fi
cp "$HERE/dehydrated-peer.mjs" "$DEST/dehydrated-peer.mjs.$$"
mv "$DEST/dehydrated-peer.mjs.$$" "$DEST/dehydrated-peer.mjs"
exec node "$DEST/dehydrated-peer.mjs"
