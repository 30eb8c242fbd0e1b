package dev.nala.tools;

/** A command line the tool cannot understand; its message says what was wrong and what is allowed. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
