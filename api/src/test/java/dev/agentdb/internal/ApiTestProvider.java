package dev.agentdb.internal;

/** Registered in {@code META-INF/services} of the api tests: claims {@code apitest:} and opens nothing. */
public final class ApiTestProvider extends AdapterRegistryTest.StubProvider {
    /** For the service loader. */
    public ApiTestProvider() {
        super("apitest", 0, "apitest");
    }
}
