package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.sim.fleet.Component;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MockClusterTest {
  @Test
  void specAndStatusAreWrittenApartAndTheWatchSeesTheSpec() throws Exception {
    try (MockCluster cluster = MockCluster.start("livekit")) {
      cluster.create(
          Component.AGENTS, 3, Autoscaling.scaledObject(Component.AGENTS, 1, 100), "127.0.0.1:1");
      cluster.watchDeployments();
      assertThat(cluster.scale(Component.AGENTS)).isEqualTo(new MockCluster.Scale(3, 3));

      cluster.setSpecReplicas(Component.AGENTS, 5);
      assertThat(cluster.scale(Component.AGENTS)).isEqualTo(new MockCluster.Scale(5, 3));
      cluster.setStatusReplicas(Component.AGENTS, 4);
      assertThat(cluster.scale(Component.AGENTS)).isEqualTo(new MockCluster.Scale(5, 4));
      cluster.setSpecReplicas(Component.AGENTS, 6);
      assertThat(cluster.scale(Component.AGENTS)).isEqualTo(new MockCluster.Scale(6, 4));

      await("the watch sees the last spec")
          .until(() -> cluster.desiredReplicas(Component.AGENTS).equals(OptionalInt.of(6)));
      assertThat(cluster.scaledObject(Component.AGENTS))
          .isEqualTo(Autoscaling.scaledObject(Component.AGENTS, 1, 100));
    }
  }
}
