package dev.nala.servlet;

import static dev.nala.servlet.WebAppOnTomcat.addServlet;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.tomcat.util.descriptor.web.ErrorPage;

/**
 * Servlets that call {@code inventory} in each way an application hands work around: on the
 * request thread, after an async dispatch, in {@code AsyncContext.start} (with and without the
 * context carried over), on a worker thread, and from an error page. Each answers with the name of
 * the thread that called.
 */
final class CallingServlets {
    private final OkHttpClient client;
    private final String inventoryUrl;
    private final ExecutorService workers;

    private CallingServlets(OkHttpClient client, String inventoryUrl, ExecutorService workers) {
        this.client = client;
        this.inventoryUrl = inventoryUrl;
        this.workers = workers;
    }

    /** Adds the servlets to {@code context}; {@code workers} is a plain pool, the application's own. */
    static void install(
            org.apache.catalina.Context context, OkHttpClient client, String inventoryUrl, ExecutorService workers) {
        CallingServlets calls = new CallingServlets(client, inventoryUrl, workers);
        addServlet(context, "/sync", new HandlerServlet((request, response) -> calls.callAndAnswer(response)));
        addServlet(context, "/fails", new HandlerServlet((request, response) -> {
            throw new IllegalStateException("the handler failed (expected by the test)");
        }));
        addServlet(context, "/error-page", new HandlerServlet((request, response) -> calls.callAndAnswer(response)));
        ErrorPage errorPage = new ErrorPage();
        errorPage.setExceptionType(IllegalStateException.class.getName());
        errorPage.setLocation("/error-page");
        context.addErrorPage(errorPage);

        // The dispatch is asked for from a thread without the context; the container runs it.
        addServlet(context, "/async-dispatch", new HandlerServlet((request, response) -> {
            AsyncContext async = request.startAsync();
            workers.execute(() -> async.dispatch("/sync"));
        }));
        addServlet(context, "/async-start-wrapped", new HandlerServlet((request, response) -> {
            AsyncContext async = request.startAsync();
            async.start(Context.current().wrap(() -> calls.callAndComplete(async)));
        }));
        addServlet(context, "/async-start-inbound-of", new HandlerServlet((request, response) -> {
            AsyncContext async = request.startAsync();
            async.start(() -> {
                try (Scope scope =
                        NalaInboundFilter.inboundOf(async.getRequest()).makeCurrent()) {
                    calls.callAndComplete(async);
                }
            });
        }));
        addServlet(context, "/async-start-bare", new HandlerServlet((request, response) -> {
            AsyncContext async = request.startAsync();
            async.start(() -> calls.callAndComplete(async));
        }));
        addServlet(context, "/worker", new HandlerServlet((request, response) -> {
            String thread = Context.taskWrapping(workers).submit(calls::call).get(10, TimeUnit.SECONDS);
            response.getWriter().write(thread);
        }));
    }

    /** Calls inventory; returns the calling thread's name. */
    private String call() throws IOException {
        try (Response upstream =
                client.newCall(new Request.Builder().url(inventoryUrl).build()).execute()) {
            if (upstream.code() != 200) {
                throw new IOException("inventory answered " + upstream.code());
            }
        }
        return Thread.currentThread().getName();
    }

    private void callAndAnswer(HttpServletResponse response) throws IOException {
        response.getWriter().write(call());
    }

    private void callAndComplete(AsyncContext async) {
        try {
            callAndAnswer((HttpServletResponse) async.getResponse());
        } catch (IOException e) {
            ((HttpServletResponse) async.getResponse()).setStatus(502);
        } finally {
            async.complete();
        }
    }
}
