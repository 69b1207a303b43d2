package dev.agentdb.cli.io;

import java.util.List;

/** Names attached to integer class labels as the {@code class} metadata field. */
public enum LabelNames {
    /** The ten Fashion-MNIST classes, label 0 to 9. */
    FASHION_MNIST(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")),
    /** No names: only the integer {@code label} is attached. */
    NONE(List.of());

    private final List<String> names;

    LabelNames(List<String> names) {
        this.names = names;
    }

    /**
     * @param label a class label
     * @return its name, or null when this set has none for it
     */
    public String nameOf(int label) {
        return label >= 0 && label < names.size() ? names.get(label) : null;
    }

    /**
     * @param name a class name, compared exactly
     * @return its label, or -1 when unknown
     */
    public int labelOf(String name) {
        return names.indexOf(name);
    }

    /** @return the names in label order (empty for {@link #NONE}) */
    public List<String> names() {
        return names;
    }
}
