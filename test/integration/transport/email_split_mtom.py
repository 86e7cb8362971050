"""Splits a multipart/related body with Python's email package (an independent MIME parser).

Usage: python3 email_split_mtom.py CONTENT_TYPE < body
Prints JSON: {"parts": [{"contentId", "contentType", "size", "sha1"}...], "start": ..., "type": ...}
"""
import email
import email.policy
import hashlib
import json
import sys


def main():
    content_type = sys.argv[1]
    body = sys.stdin.buffer.read()
    msg = email.message_from_bytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body,
        policy=email.policy.HTTP,
    )
    if not msg.is_multipart():
        raise SystemExit("not multipart")
    parts = []
    for part in msg.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append({
            "contentId": (part.get("Content-ID") or "").strip(),
            "contentType": part.get_content_type(),
            "size": len(payload),
            "sha1": hashlib.sha1(payload).hexdigest(),
        })
    print(json.dumps({"parts": parts, "start": msg.get_param("start"), "type": msg.get_param("type"),
                      "startInfo": msg.get_param("start-info"), "defects": [str(d) for d in msg.defects]}))


if __name__ == "__main__":
    main()
