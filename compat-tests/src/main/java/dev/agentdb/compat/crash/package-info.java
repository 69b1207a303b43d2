/**
 * Crash safety of an adapter, checked by killing a writing process: {@link dev.agentdb.compat.crash.CrashCheck}
 * forks {@link dev.agentdb.compat.crash.CrashWorkload}, kills it with SIGKILL at random points and checks
 * what the database kept. An adapter's integration test calls {@code CrashCheck.run} with a URL of its
 * backend.
 */
package dev.agentdb.compat.crash;
