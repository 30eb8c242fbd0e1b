"""An HTTP server with the semantics of `python3 -m http.server`, for Nala's end-to-end tests.

Like http.server's own SimpleHTTPRequestHandler it answers HTTP/1.0 (the default
protocol_version), sends a Content-Length and no Connection header, and closes every
connection after one response. Unlike it, it answers POST too (SimpleHTTPRequestHandler
answers 501), always with 200 and a small body.

It prints "listening on <port>" once bound (port 0: the kernel picks one), then one line per
request, "<method> <path> <client port>", so a test can count the requests each path received
and tell connections apart.

Usage: python3 http10_server.py
"""
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_output = threading.Lock()


def emit(line):
    # One write per line under a lock: handler threads must not interleave their lines.
    with _output:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class OkHandler(BaseHTTPRequestHandler):
    # protocol_version stays "HTTP/1.0", as in http.server: one request per connection.
    # TCP_NODELAY on, as production servers set it (head and body are two writes).
    disable_nagle_algorithm = True

    def do_GET(self):
        self.answer()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.answer()

    def answer(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        emit("%s %s %d" % (self.command, self.path, self.client_address[1]))

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    # http.server's listen backlog of 5 drops the SYNs of a burst of concurrent connects (the
    # client then waits a second to send its SYN again); the tests open dozens at once.
    request_queue_size = 128


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), OkHandler)
    emit("listening on %d" % server.server_address[1])
    server.serve_forever()
