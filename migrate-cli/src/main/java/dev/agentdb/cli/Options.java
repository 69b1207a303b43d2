package dev.agentdb.cli;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.cli.io.DatasetFormat;
import dev.agentdb.cli.io.LabelNames;
import dev.agentdb.cli.migrate.IndexSpec;
import dev.agentdb.filter.Filter;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Converters and checks for option values; their failures are usage errors (exit code 2). */
final class Options {
    private Options() {
    }

    /** {@code --metric}: cosine, l2 (euclidean), inner_product (ip, dot). */
    static final class MetricConverter implements CommandLine.ITypeConverter<Metric> {
        @Override
        public Metric convert(String value) {
            try {
                return Metric.fromString(value);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException("unknown metric '" + value + "'; expected cosine, l2 or inner_product");
            }
        }
    }

    /** {@code --format}: fvecs, idx, jsonl. */
    static final class FormatConverter implements CommandLine.ITypeConverter<DatasetFormat> {
        @Override
        public DatasetFormat convert(String value) {
            try {
                return DatasetFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown format '" + value + "'; expected fvecs, idx or jsonl");
            }
        }
    }

    /** {@code --label-names}: fashion-mnist, none. */
    static final class LabelNamesConverter implements CommandLine.ITypeConverter<LabelNames> {
        @Override
        public LabelNames convert(String value) {
            try {
                return LabelNames.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown label names '" + value + "'; expected fashion-mnist or none");
            }
        }
    }

    /** {@code --filter}: MongoDB-style JSON, parsed with {@link Filter#parse(String)}. */
    static final class FilterConverter implements CommandLine.ITypeConverter<Filter> {
        @Override
        public Filter convert(String value) {
            try {
                return Filter.parse(value);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^filter: ", ""));
            }
        }
    }

    /** {@code --index-params}: {@code [NAME=]flat|hnsw[:m=..,efConstruction=..,efSearch=..]|ivfflat[:lists=..,probes=..]}. */
    static final class IndexSpecConverter implements CommandLine.ITypeConverter<IndexSpec> {
        @Override
        public IndexSpec convert(String value) {
            try {
                return IndexSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * @param cl the command, for the error
     * @param option the option name, e.g. {@code --labels}
     * @param file the file
     * @return the file
     * @throws CommandLine.ParameterException when it is not a readable regular file
     */
    static Path existingFile(CommandLine cl, String option, Path file) {
        if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
            throw new CommandLine.ParameterException(cl, option + ": " + file
                    + (Files.exists(file) ? " is not a readable file" : ": no such file"));
        }
        return file;
    }

    /**
     * @param cl the command, for the error
     * @param option the option name
     * @param value the value
     * @param min the smallest allowed
     * @param max the largest allowed
     * @return the value
     * @throws CommandLine.ParameterException when out of range
     */
    static int range(CommandLine cl, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(cl, option + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * @param s a command-line word
     * @return it as is when it needs no quoting in a POSIX shell, else single-quoted (for printed commands)
     */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:@,=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
