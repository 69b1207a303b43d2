package dev.agentdb.cli.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Fashion-MNIST files are: the Debian package {@code dataset-fashion-mnist} installs them
 * in {@link #DEFAULT_DIR}; {@code --data DIR} points elsewhere. Each file may be gzip'd
 * ({@code .gz}) or raw.
 *
 * @param trainImages 60,000 training images (the base set)
 * @param trainLabels their labels
 * @param testImages 10,000 test images (the queries)
 * @param testLabels their labels
 */
public record FashionMnist(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    /** Where the Debian package installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The Debian package that provides the files. */
    public static final String PACKAGE = "dataset-fashion-mnist";
    /** Images in the training set. */
    public static final int TRAIN_COUNT = 60_000;
    /** Images in the test set. */
    public static final int TEST_COUNT = 10_000;
    /** Pixels per image (28 x 28). */
    public static final int DIMENSION = 784;

    /**
     * Finds the four files in a directory.
     *
     * @param dir the directory, or null for {@link #DEFAULT_DIR}
     * @return the files
     * @throws DatasetMissingException naming the directory, the missing files and the package to install
     */
    public static FashionMnist locate(Path dir) {
        Path d = dir == null ? DEFAULT_DIR : dir;
        List<String> missing = new ArrayList<>();
        Path[] files = new Path[4];
        String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        for (int i = 0; i < names.length; i++) {
            files[i] = find(d, names[i]);
            if (files[i] == null) {
                missing.add(names[i] + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            String where = Files.isDirectory(d) ? d + " lacks " + String.join(", ", missing) : d + " does not exist";
            throw new DatasetMissingException("Fashion-MNIST not found: " + where + ". Install it with `apt-get install "
                    + PACKAGE + "` (Debian/Ubuntu; files go to " + DEFAULT_DIR + ") or pass --data DIR pointing at a directory"
                    + " holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                    + " t10k-labels-idx1-ubyte.gz (from https://github.com/zalandoresearch/fashion-mnist).");
        }
        return new FashionMnist(files[0], files[1], files[2], files[3]);
    }

    private static Path find(Path dir, String name) {
        for (String candidate : new String[] {name + ".gz", name}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param prefix id prefix of the records
     * @return options reading the training images with their labels and class names
     */
    public ReaderOptions trainOptions(String prefix) {
        return new ReaderOptions(prefix, trainLabels, LabelNames.FASHION_MNIST);
    }

    /**
     * @param prefix id prefix of the records
     * @return options reading the test images with their labels and class names
     */
    public ReaderOptions testOptions(String prefix) {
        return new ReaderOptions(prefix, testLabels, LabelNames.FASHION_MNIST);
    }

    /** The data set is not installed. The message says what to install. */
    public static final class DatasetMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what is missing and how to get it */
        public DatasetMissingException(String message) {
            super(message);
        }
    }
}
