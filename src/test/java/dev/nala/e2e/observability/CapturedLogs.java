package dev.nala.e2e.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything every logger writes while a test runs, with Nala's, OkHttp's and Jedis's loggers at DEBUG;
 * the previous levels come back on close.
 */
final class CapturedLogs implements AutoCloseable {
    private static final List<String> DEBUG_LOGGERS = List.of("dev.nala", "okhttp3", "redis.clients");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> previous = new HashMap<>();

    CapturedLogs() {
        for (String name : DEBUG_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previous.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.start();
        root.addAppender(appender);
    }

    int count() {
        synchronized (appender.list) {
            return appender.list.size();
        }
    }

    /** Messages, arguments, MDC, and every attached exception's messages and causes. */
    String everything() {
        List<ILoggingEvent> events;
        synchronized (appender.list) {
            events = List.copyOf(appender.list);
        }
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : events) {
            all.append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(' ')
                    .append(event.getFormattedMessage())
                    .append('\n');
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    all.append("  arg ").append(argument).append('\n');
                }
            }
            event.getMDCPropertyMap()
                    .forEach((k, v) ->
                            all.append("  mdc ").append(k).append('=').append(v).append('\n'));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append("  ")
                        .append(t.getClassName())
                        .append(": ")
                        .append(t.getMessage())
                        .append('\n');
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    all.append("    ").append(frame.getSTEAsString()).append('\n');
                }
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        previous.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
}
