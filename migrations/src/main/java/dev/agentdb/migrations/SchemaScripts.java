package dev.agentdb.migrations;

import dev.agentdb.AgentDBException;
import dev.agentdb.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One backend's schema scripts: class-path resources named as Flyway names them,
 * {@code <location>/V<n>__<description>.<ext>}, versions 1, 2, 3... without gaps. The adapter that
 * ships them lists their names (a class path cannot be listed reliably inside every packaging),
 * which also fixes {@link #latestVersion()} without touching the database.
 *
 * @param location the class-path folder, e.g. {@code db/agentdb/postgres} (no leading slash)
 * @param names the script file names in that folder
 */
public record SchemaScripts(String location, List<String> names) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.(\\w+)");

    /**
     * One script.
     *
     * @param version its version, 1 or more
     * @param description its description (the name between {@code __} and the extension, underscores as spaces)
     * @param name its file name
     * @param text its text (UTF-8)
     * @param checksum its CRC32 over the text's lines, as Flyway computes it for SQL scripts
     */
    public record Script(int version, String description, String name, String text, int checksum) {
    }

    /**
     * @param location the class-path folder, e.g. {@code db/agentdb/postgres}
     * @param names the script file names, each {@code V<n>__<description>.<ext>}, versions 1..n without gaps
     * @throws InvalidInputException naming {@code names} when a name does not follow the pattern or a
     *         version is missing or repeated
     */
    public SchemaScripts {
        names = List.copyOf(names);
        List<Integer> versions = new ArrayList<>();
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            if (!m.matches()) {
                throw new InvalidInputException("names", "'" + n + "' is not a script name V<n>__<description>.<ext>");
            }
            versions.add(Integer.parseInt(m.group(1)));
        }
        versions.sort(Comparator.naturalOrder());
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i) != i + 1) {
                throw new InvalidInputException("names", "script versions must be 1.." + versions.size() + " without gaps, found " + versions);
            }
        }
        if (versions.isEmpty()) {
            throw new InvalidInputException("names", "at least one script is needed");
        }
    }

    /** @return the highest script version */
    public int latestVersion() {
        return names.size();
    }

    /** @return the Flyway location of the folder, e.g. {@code classpath:db/agentdb/postgres} */
    public String flywayLocation() {
        return "classpath:" + location;
    }

    /**
     * Reads every script from the class path, in version order.
     *
     * @return the scripts
     * @throws AgentDBException when a listed script is missing from the class path
     */
    public List<Script> load() {
        List<Script> out = new ArrayList<>();
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            m.matches();
            String text = read(location + "/" + n);
            out.add(new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), n, text, checksum(text)));
        }
        out.sort(Comparator.comparingInt(Script::version));
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AgentDBException("schema script '" + resource + "' is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AgentDBException("cannot read schema script '" + resource + "': " + e.getMessage(), e);
        }
    }

    /** CRC32 over the script's lines without their line breaks (Flyway's checksum of SQL scripts, BOM stripped). */
    static int checksum(String text) {
        CRC32 crc = new CRC32();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : body.split("\r\n|\r|\n")) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
