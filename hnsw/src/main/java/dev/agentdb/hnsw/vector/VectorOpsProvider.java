package dev.agentdb.hnsw.vector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;

/**
 * Chooses the distance kernels once per JVM, after jvector's {@code VectorizationProvider}: if the
 * {@code jdk.incubator.vector} module is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), the Vector API implementation is loaded
 * reflectively and checked against the scalar kernels on a few vectors; otherwise, or if the
 * check fails, the scalar kernels are used. The choice, and the reason for a fallback, is logged
 * once at INFO through SLF4J.
 *
 * <p>Setting the system property {@value #FORCE_SCALAR_PROPERTY}{@code =true} forces the scalar
 * kernels (for comparisons and for JVMs where the incubator module misbehaves).
 */
public final class VectorOpsProvider {
    /** System property that, when {@code true}, forces {@link ScalarVectorOps}. */
    public static final String FORCE_SCALAR_PROPERTY = "agentdb.vector.scalar";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_CLASS = "dev.agentdb.hnsw.vector.PanamaVectorOps";
    private static final Logger LOG = LoggerFactory.getLogger(VectorOpsProvider.class);

    private VectorOpsProvider() {
    }

    /** Holder idiom: the probe runs on first use, exactly once. */
    private static final class Holder {
        static final VectorOps BEST = probe();
    }

    /** @return the fastest kernels this JVM offers; the same instance on every call */
    public static VectorOps get() {
        return Holder.BEST;
    }

    /** @return the scalar kernels (for tests and benchmarks) */
    public static VectorOps scalar() {
        return ScalarVectorOps.INSTANCE;
    }

    /**
     * @return the Vector API kernels, without the fallback
     * @throws UnsupportedOperationException when the {@code jdk.incubator.vector} module is not in
     *         the boot layer or the implementation cannot be loaded
     */
    public static VectorOps panama() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new UnsupportedOperationException(VECTOR_MODULE + " is not in the boot layer; start the JVM with --add-modules "
                    + VECTOR_MODULE);
        }
        try {
            return (VectorOps) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("cannot load " + PANAMA_CLASS + ": " + e, e);
        }
    }

    private static VectorOps probe() {
        if (Boolean.getBoolean(FORCE_SCALAR_PROPERTY)) {
            LOG.info("AgentDB vector kernels: scalar (forced by -D{}=true)", FORCE_SCALAR_PROPERTY);
            return ScalarVectorOps.INSTANCE;
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            LOG.info("AgentDB vector kernels: scalar ({} is not in the boot layer; add the JVM option "
                    + "'--add-modules {}' for SIMD kernels)", VECTOR_MODULE, VECTOR_MODULE);
            return ScalarVectorOps.INSTANCE;
        }
        VectorOps candidate;
        try {
            candidate = panama();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("AgentDB vector kernels: scalar (the Vector API implementation failed to load: {})", e.toString());
            return ScalarVectorOps.INSTANCE;
        }
        String problem = selfCheck(candidate);
        if (problem != null) {
            LOG.info("AgentDB vector kernels: scalar (the Vector API self-check failed: {})", problem);
            return ScalarVectorOps.INSTANCE;
        }
        LOG.info("AgentDB vector kernels: {}", candidate.name());
        return candidate;
    }

    /** Compares the candidate with the scalar kernels on a few lengths, with and without tails. */
    private static String selfCheck(VectorOps ops) {
        try {
            SplittableRandom r = new SplittableRandom(7);
            for (int len : new int[] {1, 3, 8, 17, 64, 100, 131}) {
                float[] a = new float[len + 3];
                float[] b = new float[len + 5];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) r.nextDouble(-1, 1);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) r.nextDouble(-1, 1);
                }
                float d1 = ops.dot(a, 3, b, 5, len);
                float d2 = ScalarVectorOps.INSTANCE.dot(a, 3, b, 5, len);
                float s1 = ops.squareDistance(a, 3, b, 5, len);
                float s2 = ScalarVectorOps.INSTANCE.squareDistance(a, 3, b, 5, len);
                if (Math.abs(d1 - d2) > 1e-3f * (1 + len) || Math.abs(s1 - s2) > 1e-3f * (1 + len)) {
                    return "length " + len + ": dot " + d1 + " vs " + d2 + ", squareDistance " + s1 + " vs " + s2;
                }
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }
}
