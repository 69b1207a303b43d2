package dev.agentdb.examples.notes;

import dev.agentdb.AgentDB;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /notes} stores a note with the embedding of its text; {@code GET /notes/search?q=...}
 * finds the notes closest in meaning, optionally of one topic; {@code GET /notes/{id}} reads one.
 */
@RestController
@RequestMapping("/notes")
public class NotesController {
    private final VectorCollection notes;
    private final EmbeddingModel model;

    /**
     * @param db the database of {@code agentdb.url}, with the {@code notes} collection the properties create
     * @param model the embedding model
     */
    public NotesController(AgentDB db, EmbeddingModel model) {
        this.notes = db.collection("notes");
        this.model = model;
    }

    /**
     * A note as clients send it.
     *
     * @param text the note; not blank
     * @param topic an optional topic to filter on; may be null
     */
    public record NewNote(String text, String topic) {
    }

    /**
     * A stored note, with its score when it answers a search.
     *
     * @param id its id
     * @param text its text
     * @param topic its topic, or null
     * @param score cosine similarity to the query in [-1, 1], or null outside a search
     */
    public record Note(String id, String text, String topic, Double score) {
    }

    /**
     * @param note the note
     * @return the stored note with its generated id
     * @throws ResponseStatusException 400 when the text is blank
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Note add(@RequestBody NewNote note) {
        if (note.text() == null || note.text().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text must not be blank");
        }
        Map<String, Object> metadata = new HashMap<>();
        if (note.topic() != null) {
            metadata.put("topic", note.topic());
        }
        float[] embedding = model.embed(note.text()).content().vector();
        String id = notes.insert(new VectorRecord(null, embedding, metadata, note.text(), null));
        return new Note(id, note.text(), note.topic(), null);
    }

    /**
     * @param q what to look for, in words
     * @param k how many notes, 1 to 100
     * @param topic only notes of this topic, or all when absent
     * @return the closest notes first
     */
    @GetMapping("/search")
    public List<Note> search(@RequestParam("q") String q, @RequestParam(name = "k", defaultValue = "5") int k,
                             @RequestParam(name = "topic", required = false) String topic) {
        if (k < 1 || k > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "k must be between 1 and 100");
        }
        SearchRequest request = SearchRequest.builder(model.embed(q).content().vector()).k(k)
                .filter(topic == null ? null : Filter.eq("topic", topic)).build();
        return notes.search(request).stream()
                .map(r -> new Note(r.id(), r.text(), (String) r.metadata().get("topic"), r.score()))
                .toList();
    }

    /**
     * @param id a note's id
     * @return the note
     * @throws ResponseStatusException 404 when there is none
     */
    @GetMapping("/{id}")
    public Note get(@PathVariable("id") String id) {
        return notes.get(id).map(r -> new Note(r.id(), r.text(), (String) r.metadata().get("topic"), null))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no note " + id));
    }
}
