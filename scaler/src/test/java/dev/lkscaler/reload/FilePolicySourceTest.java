package dev.lkscaler.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.metrics.ScalerMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePolicySourceTest {
  @TempDir Path dir;

  private final PolicyStore store =
      new PolicyStore(new ScalerMetrics(new PrometheusRegistry())::policyReload, available -> {});

  /** Lays out a ConfigMap volume version the way the kubelet's atomic writer does. */
  private void kubeletWrites(String version, String policy) throws Exception {
    Path data = Files.createDirectory(dir.resolve("..2026_11_25_" + version));
    Files.writeString(data.resolve("policy.yaml"), policy);
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, data.getFileName());
    // rename(2) over the old link: the swap is atomic
    Files.move(
        tmp,
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(dir.resolve("policy.yaml"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data", "policy.yaml"));
    }
  }

  @Test
  void followsTheKubeletsSymlinkSwap() throws Exception {
    kubeletWrites("v1", PolicyStoreTest.GOOD);
    FilePolicySource source =
        new FilePolicySource(dir.resolve("policy.yaml"), store, null, Duration.ofSeconds(1));
    source.check();
    assertThat(store.current().orElseThrow().policies()).containsOnlyKeys("a");

    kubeletWrites("v2", PolicyStoreTest.OTHER);
    source.check();
    assertThat(store.current().orElseThrow().policies()).containsOnlyKeys("b");

    kubeletWrites("v3", PolicyStoreTest.BAD);
    source.check();
    assertThat(store.current().orElseThrow().policies())
        .as("the last good policy stays")
        .containsOnlyKeys("b");
  }

  @Test
  void aMissingFileIsRetriedUntilItAppears() throws Exception {
    Path file = dir.resolve("policy.yaml");
    FilePolicySource source = new FilePolicySource(file, store, null, Duration.ofSeconds(1));
    source.check();
    assertThat(store.current()).isEmpty();
    assertThat(store.problem()).isEqualTo("file " + file + ": the file does not exist");
    Files.writeString(file, PolicyStoreTest.GOOD);
    source.check();
    assertThat(store.current()).isPresent();
    Files.delete(file);
    source.check();
    assertThat(store.current()).as("a deleted file keeps the policy").isPresent();
  }
}
