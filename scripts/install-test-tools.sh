#!/usr/bin/env bash
# Installs the independent peers the test suite uses, when they are missing: xmllint (XSD
# validation), xmlsec1 (an independent XML-signature signer and verifier), openssl (test keys)
# and Debian's python3 with zeep (an independent SOAP client). Runs before `npm test`.
set -euo pipefail

missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c 'import zeep' >/dev/null 2>&1 || missing+=(python3-zeep)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "test tools: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test tools: cannot install ${missing[*]} here; install them (Debian package names) and run the tests again" >&2
  exit 1
fi
