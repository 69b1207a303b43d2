package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Text;
import dev.agentdb.orm.Timestamp;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An entity with a property of every supported type.
 *
 * @param id id
 * @param embedding embedding (4, L2)
 * @param body text
 * @param created timestamp
 * @param s string
 * @param i int
 * @param l long
 * @param d double
 * @param f float
 * @param b boolean
 * @param sh short
 * @param by byte
 * @param boxed a boxed integer, may be null
 * @param big an integer beyond long
 * @param kind an enum
 * @param uuid a UUID
 * @param at an Instant (epoch ms)
 * @param day a LocalDate (yyyy-MM-dd)
 * @param address a nested record
 * @param tags a list
 * @param numbers a set
 * @param attrs a map of any JSON
 * @param history a list of nested records
 * @param javaName stored as {@code renamed}
 * @param skipped never stored
 */
@Entity
@Table(name = "orm_everything")
public record Everything(@Id String id, @Embedding(dimension = 4, metric = Metric.L2) float[] embedding, @Text String body,
                         @Timestamp Instant created, String s, int i, long l, double d, float f, boolean b, short sh, byte by,
                         Integer boxed, BigInteger big, Kind kind, UUID uuid, Instant at, LocalDate day, Address address,
                         List<String> tags, Set<Long> numbers, Map<String, Object> attrs, List<Address> history,
                         @Column(name = "renamed") String javaName, @Transient String skipped) {

    /** @return an entity whose every property holds a value that tests its encoding */
    public static Everything sample() {
        return new Everything("e1", new float[] {1, -2.5f, 3e-8f, 4}, "the body \u00e9\ud83d\ude00", Instant.ofEpochMilli(1_700_000_000_123L),
                "str \u00c4 \"q\"", -7, 9_007_199_254_740_993L, 0.1, 1.25f, true, (short) -300, (byte) 127, null,
                BigInteger.TWO.pow(70), Kind.BETA, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                Instant.ofEpochMilli(-1_000L), LocalDate.of(1999, 12, 31), new Address("Paris", 75001, List.of("x", "y")),
                List.of("a", "b", "a"), Set.of(3L, 1L), Map.of("n", 1L, "nested", Map.of("list", List.of(true, "s", 2.5))),
                List.of(new Address("Rome", 100, List.of()), new Address("Oslo", 150, List.of("z"))), "stored renamed", "dropped");
    }
}
