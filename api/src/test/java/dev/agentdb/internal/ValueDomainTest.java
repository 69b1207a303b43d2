package dev.agentdb.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The value domain every backend stores (issue 9, findings 1, 2, 3 and 6): metadata at most
 * {@link Limits#MAX_METADATA_DEPTH} deep and without cycles, strings well-formed and without NUL;
 * everything else refused with a typed error naming the field and the limit, never a
 * {@code StackOverflowError}.
 */
class ValueDomainTest {

    /**
     * @param depth how deep, as {@link Limits#MAX_METADATA_DEPTH} counts it (2 or more)
     * @param lists whether the levels below the top object are arrays rather than objects
     * @return {@code {"a": {"a": ... {"a": 1}}}} or {@code {"a": [[... [1] ...]]}}, built without recursion
     */
    static Map<String, Object> nested(int depth, boolean lists) {
        Object inner = lists ? new ArrayList<>(List.of(1L)) : new LinkedHashMap<>(Map.of("a", 1L));
        for (int level = depth - 1; level > 1; level--) {
            inner = lists ? new ArrayList<>(List.of(inner)) : new LinkedHashMap<>(Map.of("a", inner));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("a", inner);
        return root;
    }

    @Test
    void should_accept_metadata_nested_exactly_to_the_limit() {
        assertThat(Json.readObject(Json.write(nested(Limits.MAX_METADATA_DEPTH, false))))
                .isEqualTo(nested(Limits.MAX_METADATA_DEPTH, false));
        assertThat(Json.readObject(Json.write(nested(Limits.MAX_METADATA_DEPTH, true))))
                .isEqualTo(nested(Limits.MAX_METADATA_DEPTH, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {Limits.MAX_METADATA_DEPTH + 1, 1_000, 2_500, 10_000, 100_000})
    void should_refuse_metadata_nested_deeper_than_the_limit_naming_field_and_limit(int depth) {
        InvalidInputException objects = catchThrowableOfType(InvalidInputException.class, () -> Json.write(nested(depth, false)));
        InvalidInputException lists = catchThrowableOfType(InvalidInputException.class, () -> Json.write(nested(depth, true)));

        assertThat(objects).as("objects nested %d deep", depth).isNotNull();
        assertThat(objects.field()).startsWith("metadata");
        assertThat(objects).hasMessageContaining(String.valueOf(Limits.MAX_METADATA_DEPTH));
        assertThat(lists).as("arrays nested %d deep", depth).isNotNull();
        assertThat(lists.field()).startsWith("metadata.a[0]");
        assertThat(lists).hasMessageContaining(String.valueOf(Limits.MAX_METADATA_DEPTH));
    }

    @Test
    void should_refuse_a_map_that_contains_itself() {
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("ok", 1L);
        self.put("me", self);

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Json.write(self));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("metadata.me");
        assertThat(e).hasMessageContaining("contains itself");
    }

    @Test
    void should_refuse_a_list_that_contains_itself_and_an_indirect_cycle() {
        List<Object> list = new ArrayList<>();
        list.add("x");
        list.add(list);
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Object> b = new LinkedHashMap<>();
        a.put("b", b);
        b.put("back", List.of(a));

        InvalidInputException direct = catchThrowableOfType(InvalidInputException.class, () -> Json.write(Map.of("l", list)));
        InvalidInputException indirect = catchThrowableOfType(InvalidInputException.class, () -> Json.write(Map.of("a", a)));

        assertThat(direct).isNotNull();
        assertThat(direct.field()).isEqualTo("metadata.l[1]");
        assertThat(indirect).isNotNull();
        assertThat(indirect.field()).isEqualTo("metadata.a.b.back[0]");
    }

    @Test
    void should_accept_a_value_shared_by_two_keys_which_is_no_cycle() {
        Map<String, Object> shared = Map.of("s", "v");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("x", shared);
        metadata.put("y", List.of(shared, shared));

        assertThat(Json.readObject(Json.write(metadata))).isEqualTo(metadata);
    }

    @Test
    void should_refuse_nul_in_metadata_keys_and_string_values_at_any_depth() {
        InvalidInputException value = catchThrowableOfType(InvalidInputException.class,
                () -> Json.write(Map.of("k", "a\u0000b")));
        InvalidInputException key = catchThrowableOfType(InvalidInputException.class,
                () -> Json.write(Map.of("k\u0000", "ab")));
        InvalidInputException deep = catchThrowableOfType(InvalidInputException.class,
                () -> Json.write(Map.of("o", Map.of("l", List.of("fine", "\u0000")))));

        assertThat(value).isNotNull();
        assertThat(value.field()).isEqualTo("metadata.k");
        assertThat(value).hasMessageContaining("NUL");
        assertThat(key).isNotNull();
        assertThat(key.field()).startsWith("metadata");
        assertThat(key).hasMessageContaining("key");
        assertThat(deep).isNotNull();
        assertThat(deep.field()).isEqualTo("metadata.o.l[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800x", "x\udc00", "\ud83d", "a\ude80b", "\udc00\ud800"})
    void should_refuse_unpaired_surrogates_in_ids_text_and_metadata(String bad) {
        InvalidInputException id = catchThrowableOfType(InvalidInputException.class, () -> Validation.id("id", bad));
        InvalidInputException text = catchThrowableOfType(InvalidInputException.class, () -> Validation.text("text", bad));
        InvalidInputException value = catchThrowableOfType(InvalidInputException.class, () -> Json.write(Map.of("k", bad)));
        InvalidInputException key = catchThrowableOfType(InvalidInputException.class, () -> Json.write(Map.of(bad, 1L)));

        assertThat(id).isNotNull();
        assertThat(id.field()).isEqualTo("id");
        assertThat(id).hasMessageContaining("surrogate");
        assertThat(text).isNotNull();
        assertThat(text.field()).isEqualTo("text");
        assertThat(value).isNotNull();
        assertThat(value.field()).isEqualTo("metadata.k");
        assertThat(key).isNotNull();
    }

    @Test
    void should_refuse_nul_in_text() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Validation.text("text", "a\u0000"));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("text");
        assertThat(e).hasMessageContaining("NUL");
    }

    @Test
    void should_accept_paired_surrogates_and_every_other_character() {
        String emoji = "\ud83d\ude80 \u00e9 \u4e2d \u2028 \u007f \u0001 \ufffd \uffff";
        Validation.id("id", emoji);
        Validation.text("text", emoji);

        assertThat(Json.readObject(Json.write(Map.of(emoji, emoji)))).containsEntry(emoji, emoji);
    }
}
