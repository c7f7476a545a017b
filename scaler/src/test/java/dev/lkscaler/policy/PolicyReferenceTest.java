package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/policy.md has one row per key, saying what the key table says of it. */
class PolicyReferenceTest {
  @Test
  void theKeyTableOfTheDocsIsTheKeyTableOfTheCode() throws Exception {
    List<List<String>> expected = PolicyKeys.ALL.stream().map(Key::docRow).toList();
    assertThat(docRows()).containsExactlyElementsOf(expected);
  }

  @Test
  void everyKeyConstantIsInTheTableOnce() throws Exception {
    List<Object> constants = new ArrayList<>();
    for (Field field : PolicyKeys.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Key.class) {
        constants.add(field.get(null));
      }
    }
    assertThat(PolicyKeys.ALL).doesNotHaveDuplicates();
    assertThat(PolicyKeys.ALL)
        .containsExactlyInAnyOrderElementsOf(constants.stream().map(k -> (Key<?>) k).toList());
  }

  /** The cells of each row of the table under "## Keys". */
  private static List<List<String>> docRows() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "policy.md"));
    int start = lines.indexOf("## Keys");
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| `")) {
        String inner = line.substring(1, line.length() - 1);
        rows.add(Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList());
      }
    }
    return rows;
  }
}
