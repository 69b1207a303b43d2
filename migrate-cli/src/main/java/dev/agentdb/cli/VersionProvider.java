package dev.agentdb.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Answers {@code agentdb --version} from the version the build wrote into {@code version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** Creates the provider (picocli instantiates it). */
    public VersionProvider() {
    }

    /** @return the project version, or {@code "unknown"} when the build did not record it */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "agentdb " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
