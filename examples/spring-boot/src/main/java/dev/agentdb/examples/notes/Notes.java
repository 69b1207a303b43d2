package dev.agentdb.examples.notes;

import jakarta.data.repository.By;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Repository;

import java.util.List;

/**
 * The notes, as a Jakarta Data repository: AgentDB's ORM implements it, and the starter makes it a
 * bean because it sits in the application's package.
 */
@Repository
public interface Notes extends CrudRepository<Note, String> {
    /**
     * @param topic a topic
     * @return the notes of that topic
     */
    @Find
    List<Note> byTopic(@By("topic") String topic);
}
