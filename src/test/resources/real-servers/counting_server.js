// A plain Node.js HTTP server with Node's DEFAULT keep-alive settings, for Nala's end-to-end
// tests: server.keepAliveTimeout is 5 s, announced as "Keep-Alive: timeout=5"; depending on the
// Node version an idle connection is closed 5 s after its last response, or 6 s (newer versions
// add a 1 s margin to what they announce).
//
// It answers every request with 200 and a small body after reading the request body. It prints
// "listening on <port>" once bound (port 0: the kernel picks one), then one line per request,
// "<method> <path> <client port>", so a test can count the requests each path received and tell
// connections apart.
//
// Usage: node counting_server.js
'use strict';
const http = require('http');

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    console.log(`${request.method} ${request.url} ${request.socket.remotePort}`);
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '3' });
    response.end('ok\n');
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
