package dev.nala.servlet;

import io.opentelemetry.context.Context;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * A Tomcat valve in front of the application's filters: notes every time a container thread enters
 * or leaves the application with an OpenTelemetry context other than the root one, which would be
 * a context left behind by an earlier request.
 */
final class ThreadContextProbe extends ValveBase {
    private final List<String> leftBehind = new CopyOnWriteArrayList<>();

    ThreadContextProbe() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String uri = request.getRequestURI();
        check("entering " + uri);
        try {
            getNext().invoke(request, response);
        } finally {
            check("leaving " + uri);
        }
    }

    private void check(String when) {
        Context current = Context.current();
        if (current != Context.root()) {
            leftBehind.add(when + " on " + Thread.currentThread().getName() + ": " + current);
        }
    }

    List<String> leftBehind() {
        return List.copyOf(leftBehind);
    }
}
