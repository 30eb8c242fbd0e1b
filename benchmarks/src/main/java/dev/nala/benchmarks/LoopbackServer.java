package dev.nala.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small, fast HTTP/1.1 server on 127.0.0.1 for load runs: one selector thread, keep-alive,
 * {@code TCP_NODELAY}, the same short answer to every request. It reads only the request head
 * (the benchmarks send GETs without a body) and, without a delay, does no per-request allocation
 * beyond the kernel's, so the clients, not the server, set the pace.
 *
 * <p>It can also stand for a slow instance: with a {@linkplain #setDelay delay}, each answer is
 * written that long after its request arrived, by the same selector thread (no thread is held
 * per request or connection; the selector wakes up when the next answer is due).
 */
final class LoopbackServer implements AutoCloseable {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private final ServerSocketChannel server;
    private final Selector selector;
    private final byte[] answer;
    private final LongAdder requests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    /** Answers waiting for their time, oldest first; the selector thread's alone. */
    private final ArrayDeque<DueAnswer> due = new ArrayDeque<>();

    private final Thread loop;
    private volatile long delayNanos;
    private volatile boolean running = true;

    private LoopbackServer(int status) throws IOException {
        String reason = status == 200 ? "OK" : "Status " + status;
        this.answer = ("HTTP/1.1 " + status + " " + reason
                        + "\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
                .getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = new Thread(this::serve, "loopback-server");
        loop.setDaemon(true);
    }

    /** Starts a server answering every request with {@code status} and a two-byte body. */
    static LoopbackServer start(int status) throws IOException {
        LoopbackServer started = new LoopbackServer(status);
        started.loop.start();
        return started;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Requests received so far (each answered at once, or after the delay). */
    long requests() {
        return requests.sum();
    }

    /** Connections accepted so far: with keep-alive, a handful per client. */
    long connections() {
        return connections.sum();
    }

    void resetCount() {
        requests.reset();
    }

    /**
     * Answers each request that arrives from now on {@code delay} after it arrived (zero: at
     * once). Answers already waiting keep their time.
     */
    void setDelay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    private void serve() {
        try {
            while (running) {
                selector.select(millisToNextAnswer());
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            Connection connection = (Connection) key.attachment();
                            if (key.isReadable()) {
                                connection.read(key);
                            }
                            if (key.isValid() && key.isWritable()) {
                                connection.flush(key);
                            }
                        }
                    } catch (IOException e) {
                        key.cancel();
                        key.channel().close();
                    }
                }
                answerDue();
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("The loopback server stopped: " + e, e);
            }
        }
    }

    /** How long the selector may wait, in milliseconds: until the first waiting answer is due, 1 to 100. */
    private long millisToNextAnswer() {
        DueAnswer first = due.peekFirst();
        if (first == null) {
            return 100;
        }
        // select(0) would wait forever: wait at least 1 ms, rounded up so as not to wake early.
        long nanos = first.atNanos() - System.nanoTime();
        return Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }

    /**
     * Writes the waiting answers that are due. Waiting answers are queued as their requests
     * arrive, and a later request's answer is never due before an earlier one's (see
     * {@link Connection#read}), so the due ones are at the head of the queue.
     */
    private void answerDue() throws IOException {
        long now = System.nanoTime();
        DueAnswer first;
        while ((first = due.peekFirst()) != null && first.atNanos() - now <= 0) {
            due.pollFirst();
            SelectionKey key = first.connection().channel.keyFor(selector);
            if (key == null || !key.isValid()) {
                continue;
            }
            try {
                first.connection().answer(key, first.count());
            } catch (IOException e) {
                key.cancel();
                key.channel().close();
            }
        }
    }

    /** {@code count} answers owed to {@code connection}, to be written at {@code atNanos} ({@link System#nanoTime()}). */
    private record DueAnswer(Connection connection, int count, long atNanos) {}

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connections.increment();
            channel.register(selector, SelectionKey.OP_READ, new Connection(channel));
        }
    }

    /** One client connection: the unread part of its request head and the answers not yet written. */
    private final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        /** How many bytes of END_OF_HEAD the bytes read so far end with. */
        private int matched;

        Connection(SocketChannel channel) {
            this.channel = channel;
            out.flip();
        }

        void read(SelectionKey key) throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                key.cancel();
                channel.close();
                return;
            }
            in.flip();
            int heads = 0;
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == END_OF_HEAD[matched]) {
                    if (++matched == END_OF_HEAD.length) {
                        heads++;
                        matched = 0;
                    }
                } else {
                    matched = b == END_OF_HEAD[0] ? 1 : 0;
                }
            }
            if (heads > 0) {
                requests.add(heads);
                long delay = delayNanos;
                if (delay == 0 && due.isEmpty()) {
                    answer(key, heads);
                } else {
                    // Never due before an answer queued earlier, so that the queue stays in order
                    // when the delay is shortened.
                    DueAnswer last = due.peekLast();
                    long at = System.nanoTime() + delay;
                    due.addLast(new DueAnswer(this, heads, last == null ? at : Math.max(at, last.atNanos())));
                }
            }
        }

        void answer(SelectionKey key, int count) throws IOException {
            out.compact();
            for (int i = 0; i < count; i++) {
                out.put(answer);
            }
            out.flip();
            flush(key);
        }

        void flush(SelectionKey key) throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
        server.close();
    }
}
