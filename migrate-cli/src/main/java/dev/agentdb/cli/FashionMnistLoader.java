package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.cli.io.FashionMnist;
import dev.agentdb.cli.io.IdxReader;
import dev.agentdb.cli.io.RecordReader;

import java.io.IOException;

/**
 * Puts the Fashion-MNIST training images into a collection (l2, dimension 784, ids {@code "0"} to
 * {@code "59999"}, metadata {@code {"label": n, "class": name}}) unless it already holds them:
 * shared by {@code bench} and {@code demo}, so either reuses what the other imported.
 *
 * <p>Because batches are atomic and stored in file order, an interrupted import holds exactly the
 * first {@code n} images; the next run resumes at image {@code n}.
 */
final class FashionMnistLoader {
    /** The collection {@code bench} and {@code demo} use unless told otherwise. */
    static final String DEFAULT_COLLECTION = "fashion_mnist";

    private FashionMnistLoader() {
    }

    /**
     * What {@link #ensure} found and did.
     *
     * @param collection the collection
     * @param count images it holds now
     * @param alreadyThere images it held before (reused, not re-imported)
     * @param importRun the import of the remaining images, or null when none was needed
     */
    record Loaded(VectorCollection collection, long count, long alreadyThere, BatchImporter.Result importRun) {
        boolean reused() {
            return importRun == null || importRun.imported() == 0;
        }
    }

    /**
     * @param db the database
     * @param name the collection name
     * @param data the data set files
     * @param count how many training images the collection must hold (1 to 60,000)
     * @param index the index parameters
     * @param recreate drop the collection first
     * @param batchSize records per batch
     * @param progress whether to draw a progress bar
     * @return the collection and what was done
     * @throws CliException when the collection exists with another spec or other content
     * @throws IOException when the data cannot be read
     */
    static Loaded ensure(AgentDB db, String name, FashionMnist data, int count, IndexParams index, boolean recreate,
                         int batchSize, boolean progress) throws IOException {
        CollectionSpec spec = new CollectionSpec(FashionMnist.DIMENSION, Metric.L2, index);
        if (recreate) {
            db.dropCollection(name);
        }
        long have = 0;
        if (db.hasCollection(name)) {
            VectorCollection c = db.collection(name);
            CollectionSpec existing = c.spec();
            if (!existing.equals(spec)) {
                throw new CliException("collection '" + name + "' exists with dimension " + existing.dimension() + ", metric "
                        + existing.metric() + ", index " + BatchImporter.describe(existing.index()) + "; this run needs dimension "
                        + spec.dimension() + ", metric l2, index " + BatchImporter.describe(index)
                        + ". Pass --recreate to drop and re-import it, or use another --collection");
            }
            have = c.count();
            if (have > count) {
                throw new CliException("collection '" + name + "' holds " + have + " records, more than the " + count
                        + " images asked for; pass --recreate to re-import, or use another --collection");
            }
            if (have > 0 && (c.get(String.valueOf(have - 1)).isEmpty() || c.get(String.valueOf(have)).isPresent())) {
                throw new CliException("collection '" + name + "' holds " + have + " records that are not the first " + have
                        + " Fashion-MNIST training images (ids 0.." + (have - 1) + "); pass --recreate or use another --collection");
            }
            if (have == count) {
                return new Loaded(c, have, have, null);
            }
        }
        try (RecordReader in = new IdxReader(data.trainImages(), data.trainOptions(""))) {
            BatchImporter.Result r = new BatchImporter(db, name).run(in,
                    new BatchImporter.Options(batchSize, count, have, Metric.L2, index, false, progress));
            VectorCollection c = db.collection(name);
            return new Loaded(c, have + r.imported(), have, r);
        }
    }

    /**
     * @param id a record id
     * @return the training-image ordinal it names, or -1
     */
    static int ordinal(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
