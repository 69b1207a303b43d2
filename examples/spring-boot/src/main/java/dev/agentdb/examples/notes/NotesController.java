package dev.agentdb.examples.notes;

import dev.agentdb.AgentDB;
import dev.agentdb.orm.Repositories;
import dev.agentdb.orm.query.EntityQuery;
import dev.agentdb.orm.query.Op;
import dev.agentdb.orm.repository.EntityRepository;
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

import java.util.List;

/**
 * {@code POST /notes} stores a note with the embedding of its text; {@code GET /notes/search?q=...}
 * finds the notes closest in meaning, optionally of one topic; {@code GET /notes?topic=...} lists a
 * topic; {@code GET /notes/{id}} reads one. Notes are entities ({@link Note}) of the repository
 * {@link Notes}; the similarity search uses the ORM's query builder.
 */
@RestController
@RequestMapping("/notes")
public class NotesController {
    private final Notes notes;
    private final EntityRepository<Note, String> entities;
    private final EmbeddingModel model;

    /**
     * @param notes the notes repository (a bean made by the starter)
     * @param db the database of {@code agentdb.url}
     * @param model the embedding model
     */
    public NotesController(Notes notes, AgentDB db, EmbeddingModel model) {
        this.notes = notes;
        this.entities = Repositories.of(db, Note.class);
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
     * A stored note as clients see it, with its score when it answers a search.
     *
     * @param id its id
     * @param text its text
     * @param topic its topic, or null
     * @param score cosine similarity to the query in [-1, 1], or null outside a search
     */
    public record NoteView(String id, String text, String topic, Double score) {
        static NoteView of(Note note, Double score) {
            return new NoteView(note.id(), note.text(), note.topic(), score);
        }
    }

    /**
     * @param note the note
     * @return the stored note with its generated id
     * @throws ResponseStatusException 400 when the text is blank
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public NoteView add(@RequestBody NewNote note) {
        if (note.text() == null || note.text().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text must not be blank");
        }
        float[] embedding = model.embed(note.text()).content().vector();
        return NoteView.of(notes.save(new Note(null, embedding, note.text(), note.topic())), null);
    }

    /**
     * @param q what to look for, in words
     * @param k how many notes, 1 to 100
     * @param topic only notes of this topic, or all when absent
     * @return the closest notes first
     */
    @GetMapping("/search")
    public List<NoteView> search(@RequestParam("q") String q, @RequestParam(name = "k", defaultValue = "5") int k,
                                 @RequestParam(name = "topic", required = false) String topic) {
        if (k < 1 || k > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "k must be between 1 and 100");
        }
        EntityQuery<Note> query = entities.query();
        if (topic != null) {
            query.where("topic", Op.EQ, topic);
        }
        return query.similarTo(model.embed(q).content().vector(), k).find().stream()
                .map(hit -> NoteView.of(hit.entity(), hit.score()))
                .toList();
    }

    /**
     * @param topic a topic
     * @return its notes
     */
    @GetMapping
    public List<NoteView> byTopic(@RequestParam("topic") String topic) {
        return notes.byTopic(topic).stream().map(n -> NoteView.of(n, null)).toList();
    }

    /**
     * @param id a note's id
     * @return the note
     * @throws ResponseStatusException 404 when there is none
     */
    @GetMapping("/{id}")
    public NoteView get(@PathVariable("id") String id) {
        return notes.findById(id).map(n -> NoteView.of(n, null))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no note " + id));
    }
}
