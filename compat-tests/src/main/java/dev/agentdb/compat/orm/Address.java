package dev.agentdb.compat.orm;

import java.util.List;

/**
 * A nested record, stored as an object.
 *
 * @param city city
 * @param zip zip
 * @param lines lines
 */
public record Address(String city, int zip, List<String> lines) {
}
