/**
 * Network fault injection for outage tests of server backends: {@link dev.agentdb.compat.net.TcpProxy}
 * stands between a client and a real server and makes the server vanish on demand.
 */
package dev.agentdb.compat.net;
