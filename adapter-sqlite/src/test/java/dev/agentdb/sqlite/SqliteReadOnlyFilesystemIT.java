package dev.agentdb.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.agentdb.sqlite.SqliteFiles.companions;
import static dev.agentdb.sqlite.SqliteFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * AgentDB files on a read-only filesystem, for real: the files are bind-mounted read-only in a mount
 * namespace of a child JVM ({@code unshare --mount}, as root, or {@code unshare --user
 * --map-root-user --mount} without root where user namespaces are allowed), which runs
 * {@link ReadOnlyFilesystemProbe}; every write there fails with {@code EROFS}, for root too. Where
 * neither works, a user other than root gets the same refusals from a directory and files without
 * write permission (root ignores permissions: then the test is skipped, with a message).
 *
 * <p>What it shows: a file in rollback-journal mode opens with {@code ?mode=ro} or
 * {@code readOnly}; a WAL file (every AgentDB file) opens with {@code ?immutable=1}, while
 * {@code ?mode=ro} fails with a message that says to add {@code immutable=1} (SQLite needs the
 * {@code -wal} and {@code -shm} files of a WAL database and cannot create them there); the default
 * mode fails with a typed error; and no byte of either file changes.
 */
class SqliteReadOnlyFilesystemIT {
    @TempDir
    Path dir;

    @Test
    void should_read_agentdb_files_on_a_read_only_filesystem_with_mode_ro_or_immutable() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        Path wal = SqliteFiles.agentdbFile(src.resolve("wal.db"));
        Path rollback = SqliteFiles.agentdbFile(src.resolve("rollback.db"));
        SqliteFiles.sql(rollback, "PRAGMA journal_mode=DELETE");
        assertThat(companions(wal)).isEmpty();
        String walSha = sha256(wal);
        String rollbackSha = sha256(rollback);
        Path mount = Files.createDirectory(dir.resolve("ro"));

        Map<String, String> results = run(src, mount,
                "wal-mode-ro|sqlite:" + mount.resolve("wal.db") + "?mode=ro|false",
                "wal-readOnly|sqlite:" + mount.resolve("wal.db") + "|true",
                "wal-immutable|sqlite:" + mount.resolve("wal.db") + "?immutable=1|false",
                "wal-default|sqlite:" + mount.resolve("wal.db") + "|false",
                "rollback-mode-ro|sqlite:" + mount.resolve("rollback.db") + "?mode=ro|false",
                "rollback-readOnly|sqlite:" + mount.resolve("rollback.db") + "|true",
                "rollback-default|sqlite:" + mount.resolve("rollback.db") + "|false");

        results.forEach((k, v) -> System.out.println("read-only filesystem: " + k + " -> " + v));
        String ok = "OK count=" + SqliteFiles.DOCS + " nearest=d42 insert=ReadOnlyException";
        assertThat(results.get("wal-immutable")).isEqualTo(ok);
        assertThat(results.get("rollback-mode-ro")).isEqualTo(ok);
        assertThat(results.get("rollback-readOnly")).isEqualTo(ok);
        for (String label : List.of("wal-mode-ro", "wal-readOnly")) {
            assertThat(results.get(label)).as(label).startsWith("ERR BackendUnavailableException cannot open SQLite database")
                    .contains("read-only").contains("WAL mode").contains("?immutable=1");
        }
        for (String label : List.of("wal-default", "rollback-default")) {
            assertThat(results.get(label)).as(label + ": a typed error that says what to do, never a write")
                    .matches("ERR (BackendUnavailable|ReadOnly)Exception .*").contains("open it read-only").contains("?mode=ro");
        }
        assertThat(sha256(wal)).isEqualTo(walSha);
        assertThat(sha256(rollback)).isEqualTo(rollbackSha);
        assertThat(companions(wal)).isEmpty();
        assertThat(companions(rollback)).isEmpty();
    }

    /** Runs the probe with {@code src} visible read-only at {@code mount}; returns label to result. */
    private Map<String, String> run(Path src, Path mount, String... attempts) throws Exception {
        List<String> lines;
        List<String> unshare = unshare();
        if (unshare != null) {
            List<String> cmd = new ArrayList<>(unshare);
            cmd.addAll(List.of("sh", "-c", "mount --bind \"$1\" \"$2\" && mount -o remount,bind,ro \"$2\" && touch \"$2/probe\" 2>/dev/null"
                    + " && { echo 'the mount is writable'; exit 3; }; shift 2; exec \"$@\"", "sh", src.toString(), mount.toString(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), ReadOnlyFilesystemProbe.class.getName()));
            cmd.addAll(List.of(attempts));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            lines = out.lines().toList();
        } else {
            withoutWritePermission(src);
            try {
                for (int i = 0; i < attempts.length; i++) {
                    attempts[i] = attempts[i].replace(mount.toString(), src.toString());
                }
                lines = ReadOnlyFilesystemProbe.probe(attempts);
            } finally {
                restoreWritePermission(src);
            }
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("RESULT ")) {
                String[] part = line.substring(7).split(" ", 2);
                results.put(part[0], part[1]);
            }
        }
        assertThat(results).as(String.join("\n", lines)).hasSize(attempts.length);
        return results;
    }

    /** @return the unshare command that gives a child a mount namespace of its own, or null where none works */
    private static List<String> unshare() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("unshare", "--mount"), List.of("unshare", "--user", "--map-root-user", "--mount"))) {
            List<String> cmd = new ArrayList<>(candidate);
            cmd.addAll(List.of("sh", "-c", "mount -t tmpfs none /mnt 2>/dev/null || mount --bind / /mnt"));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                return null; // no unshare
            }
        }
        return null;
    }

    /** Takes away write permission from the directory and its files; skips the test where that does not stop writes (root). */
    private static void withoutWritePermission(Path src) throws IOException {
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path probe = src.resolve("probe");
        try {
            Files.createFile(probe);
        } catch (IOException expected) {
            return; // permissions bind this user: the directory is as good as read-only
        }
        Files.delete(probe);
        restoreWritePermission(src);
        abort("no mount namespace (unshare) to mount a read-only filesystem, and this user (root) ignores permissions");
    }

    private static void restoreWritePermission(Path src) throws IOException {
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }
}
