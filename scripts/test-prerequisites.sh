#!/usr/bin/env bash
# The programs the test suite uses as independent peers, checked before `npm test`:
#   xmllint  (Debian libxml2-utils)  XSD validation of what the gateway writes
#   xmlsec1  (Debian xmlsec1)        an independent XML-signature signer and verifier
#   openssl  (Debian openssl)        test keys and certificates
#   python3 with zeep at /usr/bin/python3 (Debian python3-zeep)  an independent SOAP client
# Go (https://go.dev/dl/) is needed only by scripts/mongodb-test-server.sh, which builds the
# MongoDB-wire test server for the tests that run when MONGODB_URL is set.
#
#   scripts/test-prerequisites.sh check     say what is missing and how to install it; exit 1 if anything is
#   scripts/test-prerequisites.sh install   install what is missing with apt-get (CI, or when you choose to)
#
# `npm test` only checks: it never installs anything on its own.
set -euo pipefail

missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import zeep' >/dev/null 2>&1; } || missing+=(python3-zeep)

case "${1:-check}" in
  check)
    if [ ${#missing[@]} -gt 0 ]; then
      echo "test prerequisites missing: ${missing[*]} (Debian package names)" >&2
      echo "  install them with:  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
      echo "  or run:             sudo scripts/test-prerequisites.sh install" >&2
      echo "  (README.md, \"Prerequisites\", says what each is used for)" >&2
      exit 1
    fi
    if [ -n "${MONGODB_URL:-}" ] || command -v go >/dev/null 2>&1; then exit 0; fi
    echo "note: MONGODB_URL is not set, so the MongoDB tests will not run; scripts/mongodb-test-server.sh needs Go to build its server" >&2
    ;;
  install)
    [ ${#missing[@]} -eq 0 ] && exit 0
    echo "test prerequisites: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    ;;
  *)
    echo "usage: scripts/test-prerequisites.sh [check|install]" >&2
    exit 2
    ;;
esac
