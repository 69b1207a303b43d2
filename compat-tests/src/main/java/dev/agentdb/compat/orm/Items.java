package dev.agentdb.compat.orm;

import dev.agentdb.orm.SimilarTo;
import dev.agentdb.orm.query.Hit;
import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.Sort;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.repository.By;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.OrderBy;
import jakarta.data.repository.Repository;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A declarative repository of {@link Item}s: every kind of {@code @Find} method the ORM implements. */
@Repository
public interface Items extends CrudRepository<Item, String> {
    /**
     * @param kind kind
     * @param order order
     * @return items of a kind, in order
     */
    @Find
    List<Item> byKind(@By("kind") Kind kind, Order<Item> order);

    /**
     * @param city city
     * @param limit limit
     * @return items of a city, n descending
     */
    @Find
    @OrderBy(value = "n", descending = true)
    List<Item> byCity(@By("address.city") String city, Limit limit);

    /**
     * @param id id
     * @param kind kind
     * @return the item with the id when it has the kind
     */
    @Find
    Optional<Item> byIdAndKind(@By(By.ID) String id, @By("kind") Kind kind);

    /**
     * @param name name
     * @param n n
     * @return the one item with both
     */
    @Find
    Item single(@By("name") String name, @By("n") int n);

    /**
     * @param kind kind
     * @return items of a kind, lazily
     */
    @Find
    Stream<Item> streamByKind(@By("kind") Kind kind);

    /**
     * @param kind kind
     * @param page page
     * @param sort sort
     * @return a page of items of a kind
     */
    @Find
    Page<Item> page(@By("kind") Kind kind, PageRequest page, Sort<Item> sort);

    /**
     * @param v query vector
     * @param kind kind
     * @return the 5 closest items of a kind
     */
    @Find
    List<Hit<Item>> similar(@SimilarTo(k = 5, exact = true) float[] v, @By("kind") Kind kind);

    /**
     * @param kind kind
     * @return how many items have it (a default method, run as written)
     */
    default long countKind(Kind kind) {
        try (Stream<Item> s = streamByKind(kind)) {
            return s.count();
        }
    }

    /** A repository with a typo in a {@code @By}. */
    @Repository
    interface Misspelt extends CrudRepository<Item, String> {
        /**
         * @param name name
         * @return items
         */
        @Find
        List<Item> byName(@By("nmae") String name);
    }

    /** A repository with a method the ORM does not implement. */
    @Repository
    interface Unsupported extends CrudRepository<Item, String> {
        /**
         * @param name name
         * @return items
         */
        List<Item> findByName(String name);
    }
}
