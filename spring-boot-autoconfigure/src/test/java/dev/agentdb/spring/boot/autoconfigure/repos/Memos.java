package dev.agentdb.spring.boot.autoconfigure.repos;

import dev.agentdb.orm.SimilarTo;
import dev.agentdb.orm.query.Hit;
import jakarta.data.repository.By;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Repository;

import java.util.List;

/** A test repository interface, found by the scan. */
@Repository
public interface Memos extends CrudRepository<Memo, String> {
    /**
     * @param topic the topic
     * @return the memos of that topic
     */
    @Find
    List<Memo> byTopic(@By("topic") String topic);

    /**
     * @param embedding the query
     * @return the two closest memos
     */
    @Find
    List<Hit<Memo>> closest(@SimilarTo(k = 2) float[] embedding);
}
