#!/usr/bin/env bash
# Installs what Postdesk needs on Debian 12 / Ubuntu 22.04+, and only what is missing.
#   scripts/setup.sh run    what building and running the app needs
#   scripts/setup.sh test   that, plus what the test suite needs (Xvfb, WebKitWebDriver, tauri-driver)
# Idempotent: a second run with nothing missing takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
      pkg-config build-essential git curl file)
if [ "$mode" = test ]; then
  # openssh-server: the push-over-SSH test runs a throw-away sshd on a local port
  # git-lfs: the tests of blogs that keep pictures in Git LFS (commit, push, review, check)
  pkgs+=(xvfb xauth webkit2gtk-driver libvips-tools imagemagick openssh-client openssh-server
         git-lfs)
  # jekyll, hugo: the Site tab's tests run the blogs' own generators (the corpus's site needs
  # the plugins its _config.yml names, as Debian packages them)
  pkgs+=(jekyll ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-paginate ruby-jekyll-redirect-from
         hugo)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing. Install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old; Vite needs Node 20.19 or newer." >&2
  exit 1
fi

# npm packages, exactly as locked. Re-run only when the lock file changed.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci ui
if [ "$mode" = test ]; then
  npm_ci tests
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: cargo install tauri-driver (a few minutes, once)"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
fi
