/**
 * The Cloudflare D1 adapter ({@code d1://ACCOUNT_ID/DATABASE_ID}): {@link dev.agentdb.d1.D1Adapter} over D1's REST
 * API, found through {@link dev.agentdb.d1.D1AdapterProvider}.
 */
package dev.agentdb.d1;
