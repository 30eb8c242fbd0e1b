package dev.nala.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger and its descendants write while a test runs. Shared by every module's
 * tests through nala-core's test jar.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Captures the logger of this class. */
    public LogCapture(Class<?> loggerOf) {
        this(loggerOf.getName());
    }

    /** Captures the named logger and every logger below it ({@code "dev.nala"}, or ROOT for all). */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures every logger, third-party clients' included. */
    public static LogCapture everyLogger() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    public List<String> messages(Level level) {
        return events().stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    public List<String> messages(Level level, String containing) {
        return messages(level).stream()
                .filter(message -> message.contains(containing))
                .collect(Collectors.toList());
    }

    /** Every message and every attached exception (with its causes) logged so far, for "never logged" checks. */
    public String everything() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                text.append(thrown.getClassName())
                        .append(": ")
                        .append(thrown.getMessage())
                        .append('\n');
            }
        }
        return text.toString();
    }

    private List<ILoggingEvent> events() {
        // AppenderBase.doAppend appends while holding the appender's monitor.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
