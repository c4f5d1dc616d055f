#!/usr/bin/env python3
"""hookserver.py PORTFILE LOGFILE [FAILS] - a webhook receiver for the tests.

Listens on 127.0.0.1 on a port the kernel picks (so parallel tests never
collide) and writes that port to PORTFILE once it accepts connections.
Answers the first FAILS POSTs (2 by default) with 503, the rest with 200,
and appends one JSON line per POST to LOGFILE: the headers the webhook
sets, and the body as latin-1 text so that every byte survives the trip
through JSON unchanged.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def main():
    portfile, logfile = sys.argv[1], sys.argv[2]
    fails = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    seen = 0

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            nonlocal seen
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            seen += 1
            entry = {
                "n": seen,
                "content_type": self.headers.get("Content-Type"),
                "event": self.headers.get("X-Berth-Event"),
                "event_id": self.headers.get("X-Berth-Event-Id"),
                "attempt": self.headers.get("X-Berth-Attempt"),
                "signature": self.headers.get("X-Berth-Signature"),
                "body": body.decode("latin-1"),
            }
            with open(logfile, "a") as log:
                log.write(json.dumps(entry) + "\n")
            status = 503 if seen <= fails else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass  # the log file is the record; stderr stays quiet

    server = HTTPServer(("127.0.0.1", 0), Handler)
    # Written whole and then renamed: the test never reads half a number.
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(portfile + ".tmp", portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
