#!/usr/bin/env bash
# Installs rapport's build and test dependencies from Debian's packages, only those missing.
# Uses apt-get directly as root, sudo otherwise. Safe to run again: does nothing when all are present.
set -euo pipefail
packages=(build-essential cmake pkg-config libeigen3-dev libboost-date-time-dev libgtest-dev libgmock-dev
          libbenchmark-dev tzdata valgrind python3 libcli11-dev nlohmann-json3-dev libcairo2-dev clang-format)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
