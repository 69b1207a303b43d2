package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Timestamp;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of the query-builder rows: missing values, ties, arrays, nested objects, dates.
 *
 * @param id id ({@code i00} ...)
 * @param v embedding (4, L2)
 * @param created timestamp, with ties
 * @param name a string, null for every fifth
 * @param n an int with ties
 * @param price a double
 * @param kind an enum
 * @param tags a list
 * @param address a nested record, null for every seventh
 * @param day a date
 */
@Entity
@Table(name = "orm_items")
public record Item(@Id String id, @Embedding(dimension = 4, metric = Metric.L2) float[] v, @Timestamp Instant created, String name,
                   int n, double price, Kind kind, List<String> tags, Address address, LocalDate day) {

    /** Corpus size. */
    public static final int COUNT = 60;

    /** @return the {@value #COUNT} items, deterministic */
    public static List<Item> corpus() {
        String[] names = {"apple", "Banana", "cherry", "\u00e4pfel", "date", "Zed"};
        String[] cities = {"Paris", "Rome", "Oslo"};
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            float[] v = {(float) Math.sin(i), (float) Math.cos(i * 0.7), i % 5, (i * 13 % 11) / 11f};
            out.add(new Item(String.format("i%02d", i), v, Instant.ofEpochMilli(1_000_000L + (i % 9) * 1000L),
                    i % 5 == 0 ? null : names[i % names.length], i % 13, (i * 37 % 50) / 4.0, Kind.values()[i % 3],
                    i % 4 == 0 ? List.of() : List.of("t" + (i % 3), "u" + (i % 2)),
                    i % 7 == 0 ? null : new Address(cities[i % 3], 1000 + i % 6, List.of()), LocalDate.of(2024, 1 + i % 12, 1 + i % 28)));
        }
        return out;
    }
}
