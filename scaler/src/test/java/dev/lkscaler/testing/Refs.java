package dev.lkscaler.testing;

import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** ScaledObjectRefs as KEDA sends them. */
public final class Refs {
  private Refs() {}

  /** A reference whose metadata has scalerAddress, as KEDA forwards it, plus the given pairs. */
  public static ScaledObjectRef ref(String namespace, String name, String... metadata) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("scalerAddress", "lkscaler.keda.svc:9090");
    for (int i = 0; i < metadata.length; i += 2) {
      map.put(metadata[i], metadata[i + 1]);
    }
    return ScaledObjectRef.newBuilder()
        .setNamespace(namespace)
        .setName(name)
        .putAllScalerMetadata(map)
        .build();
  }

  public static GetMetricsRequest metrics(ScaledObjectRef ref, String metricName) {
    return GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(metricName).build();
  }
}
