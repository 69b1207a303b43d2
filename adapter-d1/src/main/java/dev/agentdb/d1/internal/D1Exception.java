package dev.agentdb.d1.internal;

import java.sql.SQLException;

/**
 * A statement or batch that D1 refused (HTTP 4xx with {@code errors}), or a request whose outcome is
 * unknown ({@link #ambiguous()}: the connection dropped, timed out or got a 5xx after the request was sent,
 * and it was not safe to repeat). The message is D1's first error message (e.g.
 * {@code D1_ERROR: no such table: x: SQLITE_ERROR}); it never holds the API token. Translated into AgentDB
 * exceptions by {@link D1Errors}.
 */
public final class D1Exception extends SQLException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when no response arrived. */
    private final int status;
    /** The API's error code, or 0. */
    private final int code;
    /** Whether the request may have been applied. */
    private final boolean ambiguous;

    /**
     * @param message D1's error message, or a description of the transport failure
     * @param status the HTTP status, or 0 when no response arrived
     * @param code D1's (Cloudflare's) error code, or 0 when none
     * @param ambiguous whether the request may have been applied
     * @param cause the transport failure, or null
     */
    public D1Exception(String message, int status, int code, boolean ambiguous, Throwable cause) {
        super(message, null, code, cause);
        this.status = status;
        this.code = code;
        this.ambiguous = ambiguous;
    }

    /** @return the HTTP status, or 0 when no response arrived */
    public int status() {
        return status;
    }

    /** @return the API's error code (e.g. 7404 for an unknown database, 10000 for an authentication error), or 0 */
    public int code() {
        return code;
    }

    /** @return whether the request may have been applied although it failed (it must not be repeated blindly) */
    public boolean ambiguous() {
        return ambiguous;
    }
}
