package dev.agentdb.examples.notes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user of the example does, the same on every database. */
final class NotesScenario {
    private NotesScenario() {
    }

    static void run(NotesService service) throws Exception {
        String pasta = service.post("/notes", Map.of("text", "Boil the pasta for nine minutes in salted water", "topic", "cooking"))
                .get("id").asText();
        service.post("/notes", Map.of("text", "The train to Lyon leaves at 7:42 from platform 3", "topic", "travel"));
        service.post("/notes", Map.of("text", "Renew the passport before the trip to Japan", "topic", "travel"));
        service.post("/notes", Map.of("text", "Add basil and olive oil to the tomato sauce", "topic", "cooking"));

        JsonNode hits = service.get("/notes/search?k=2&q=" + NotesService.encode("how long do I cook spaghetti?"), 200);
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).get("id").asText()).isEqualTo(pasta);
        assertThat(hits.get(0).get("score").asDouble()).isGreaterThan(hits.get(1).get("score").asDouble());

        JsonNode travel = service.get("/notes/search?k=5&topic=travel&q=" + NotesService.encode("documents for going abroad"), 200);
        List<String> topics = new ArrayList<>();
        travel.forEach(n -> topics.add(n.get("topic").asText()));
        assertThat(topics).containsExactly("travel", "travel");
        assertThat(travel.get(0).get("text").asText()).contains("passport");

        assertThat(service.get("/notes/" + pasta, 200).get("topic").asText()).isEqualTo("cooking");
        assertThat(service.get("/notes?topic=cooking", 200)).hasSize(2);
        service.get("/notes/no-such-note", 404);
        service.get("/notes/search?k=0&q=x", 400);

        JsonNode health = service.get("/actuator/health", 200);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/agentdb/details/collections").toString()).contains("notes");
    }
}
