package fr.signalement.open311;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Another organisation's Open311 endpoint on 127.0.0.1, answering as the test scripts it: each
 * {@code POST requests.json} gets the next of its post answers, each {@code GET requests/{id}.json}
 * the next of its get answers, each {@code GET tokens/{token}.json} the next of its token answers and
 * each {@code GET services/{code}.json} the next of its definition answers (none scripted: 404, no
 * definition), the last one repeating; it counts what it was asked, and keeps the paths of the GETs of
 * requests and tokens and the bodies of the POSTs. Its reads (requests and tokens) may be strict about
 * the api_key ({@link #keyOnReads}): refused without it, or refused with it, before any scripted answer.
 */
final class ScriptedRemote implements AutoCloseable {
    /** One answer: an HTTP status, a JSON body, and a Retry-After header when not null. */
    record Answer(int status, String body, String retryAfter) {
        Answer(int status, String body) {
            this(status, body, null);
        }

        /** GeoReport v2's error form. */
        static Answer error(int status, String description) {
            return new Answer(status, "[{\"code\":" + status + ",\"description\":\"" + description + "\"}]");
        }
    }

    private final HttpServer server;
    private final Deque<Answer> postAnswers = new ArrayDeque<>();
    private final Deque<Answer> getAnswers = new ArrayDeque<>();
    private final Deque<Answer> tokenAnswers = new ArrayDeque<>();
    private final Deque<Answer> definitionAnswers = new ArrayDeque<>();
    private final List<String> postBodies = new ArrayList<>();
    private final List<String> getPaths = new ArrayList<>();
    private int posts;
    private int gets;
    private int tokenGets;
    private int definitionGets;
    private Boolean keyOnReads;
    private final List<String> readQueries = new ArrayList<>();

    ScriptedRemote() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/open311/v2/", this::answer);
        server.start();
    }

    /** Where the endpoint is, as an ADMIN records it on a service. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/open311/v2";
    }

    synchronized void onPost(Answer... answers) {
        postAnswers.clear();
        postAnswers.addAll(List.of(answers));
    }

    synchronized void onGet(Answer... answers) {
        getAnswers.clear();
        getAnswers.addAll(List.of(answers));
    }

    synchronized void onToken(Answer... answers) {
        tokenAnswers.clear();
        tokenAnswers.addAll(List.of(answers));
    }

    synchronized void onDefinition(Answer... answers) {
        definitionAnswers.clear();
        definitionAnswers.addAll(List.of(answers));
    }

    /**
     * How reads take an api_key: {@code true}, refused (401) without it, as a remote that wants the key on
     * every call; {@code false}, refused (400) with it, as a strict GeoReport v2 server whose reads take
     * the jurisdiction only; {@code null} (the default), either way.
     */
    synchronized void keyOnReads(Boolean wanted) {
        keyOnReads = wanted;
    }

    /** The query strings of every read (requests and tokens), in order; "" for none. */
    synchronized List<String> readQueries() {
        return List.copyOf(readQueries);
    }

    /** A definition of a service declaring the client's id, as a Signalement (or FixMyStreet's open311-adapter) says it. */
    static Answer declaringClientId() {
        return new Answer(200, "{\"service_code\":\"x\",\"attributes\":[{\"code\":\"" + Open311Intake.CLIENT_ID
                + "\",\"datatype\":\"string\",\"automated\":\"server_set\"}]}");
    }

    /** The form bodies POSTed to requests.json, in order. */
    synchronized List<String> postBodies() {
        return List.copyOf(postBodies);
    }

    synchronized int definitionGets() {
        return definitionGets;
    }

    synchronized int posts() {
        return posts;
    }

    synchronized int gets() {
        return gets;
    }

    synchronized int tokenGets() {
        return tokenGets;
    }

    /** The paths of every GET, in order (requests/… and tokens/…). */
    synchronized List<String> getPaths() {
        return List.copyOf(getPaths);
    }

    private void answer(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath();
        Answer a;
        synchronized (this) {
            boolean definition = "GET".equals(x.getRequestMethod()) && path.contains("/services/");
            String query = x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery();
            boolean read = "GET".equals(x.getRequestMethod()) && (path.contains("/requests/") || path.contains("/tokens/"));
            boolean withKey = query.contains("api_key=");
            if ("GET".equals(x.getRequestMethod()) && !definition) {
                getPaths.add(path);
            }
            if (read) {
                readQueries.add(query);
            }
            if (read && keyOnReads != null && keyOnReads != withKey) {
                a = keyOnReads ? Answer.error(401, "api_key required") : Answer.error(400, "Unknown parameter api_key");
            } else if ("POST".equals(x.getRequestMethod()) && path.endsWith("/requests.json")) {
                posts++;
                postBodies.add(body);
                a = next(postAnswers);
            } else if (definition) {
                definitionGets++;
                a = definitionAnswers.isEmpty() ? Answer.error(404, "no definition") : next(definitionAnswers);
            } else if ("GET".equals(x.getRequestMethod()) && path.contains("/requests/")) {
                gets++;
                a = next(getAnswers);
            } else if ("GET".equals(x.getRequestMethod()) && path.contains("/tokens/")) {
                tokenGets++;
                a = next(tokenAnswers);
            } else {
                a = Answer.error(404, "not here");
            }
        }
        byte[] answer = a.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        if (a.retryAfter() != null) {
            x.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        x.sendResponseHeaders(a.status(), answer.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(answer);
        }
    }

    private static Answer next(Deque<Answer> answers) {
        if (answers.isEmpty()) {
            return Answer.error(500, "nothing scripted");
        }
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
