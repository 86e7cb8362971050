"""Loads a WSDL with zeep (an independent SOAP client) and prints its operations as JSON.

Usage: python3 zeep_load_wsdl.py WSDL_URL [SCHEMA_MIRROR_DIR]

There is no internet where the tests run: when SCHEMA_MIRROR_DIR is given, schema URLs under
https://ftp.ihe.net/TF_Implementation_Material/ are read from that folder (a mirror of the IHE
layout, e.g. ../shared/conformance/schemas/ihe-iti with ITI -> iti); any other remote URL fails.
"""
import json
import os
import sys

import zeep
from zeep.transports import Transport

IHE_PREFIX = "https://ftp.ihe.net/TF_Implementation_Material/"


class MirrorTransport(Transport):
    def __init__(self, mirror):
        super().__init__()
        self.mirror = mirror

    def load(self, url):
        if self.mirror and url.startswith(IHE_PREFIX):
            rest = url[len(IHE_PREFIX):]
            if rest.startswith("ITI/"):
                rest = "iti/" + rest[4:]
            with open(os.path.join(self.mirror, rest), "rb") as f:
                return f.read()
        return super().load(url)


def main():
    url = sys.argv[1]
    mirror = sys.argv[2] if len(sys.argv) > 2 else None
    client = zeep.Client(url, transport=MirrorTransport(mirror))
    out = {}
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            ops = {}
            for name, op in port.binding._operations.items():
                ops[name] = {
                    "soapAction": op.soapaction,
                    "wsaAction": op.abstract.wsa_action,
                    "input": str(op.input.body.qname) if op.input.body is not None else None,
                }
            out[port.name] = {"address": port.binding_options.get("address"), "operations": ops}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
