package dev.lkscaler.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.lkscaler.proto.externalscaler.Externalscaler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our proto must stay wire-compatible with KEDA's externalscaler.proto (field numbers and types).
 */
class ProtoContractTest {
  private static final FileDescriptor FILE = Externalscaler.getDescriptor();

  private static Map<String, String> fields(String message) {
    Descriptor descriptor = FILE.findMessageTypeByName(message);
    Map<String, String> fields = new LinkedHashMap<>();
    for (FieldDescriptor field : descriptor.getFields()) {
      String type =
          field.isMapField() ? "map<string,string>" : field.getType().name().toLowerCase();
      if (field.getType() == FieldDescriptor.Type.MESSAGE && !field.isMapField()) {
        type = field.getMessageType().getName();
      }
      fields.put(
          field.getName(),
          (field.isRepeated() && !field.isMapField() ? "repeated " : "")
              + type
              + "="
              + field.getNumber());
    }
    return fields;
  }

  @Test
  void messagesMatchKeda() {
    assertThat(FILE.getPackage()).isEqualTo("externalscaler");
    assertThat(fields("ScaledObjectRef"))
        .containsExactly(
            Map.entry("name", "string=1"),
            Map.entry("namespace", "string=2"),
            Map.entry("scalerMetadata", "map<string,string>=3"));
    assertThat(fields("IsActiveResponse")).containsExactly(Map.entry("result", "bool=1"));
    assertThat(fields("GetMetricSpecResponse"))
        .containsExactly(Map.entry("metricSpecs", "repeated MetricSpec=1"));
    assertThat(fields("MetricSpec"))
        .containsExactly(
            Map.entry("metricName", "string=1"),
            Map.entry("targetSize", "int64=2"),
            Map.entry("targetSizeFloat", "double=3"));
    assertThat(fields("GetMetricsRequest"))
        .containsExactly(
            Map.entry("scaledObjectRef", "ScaledObjectRef=1"), Map.entry("metricName", "string=2"));
    assertThat(fields("GetMetricsResponse"))
        .containsExactly(Map.entry("metricValues", "repeated MetricValue=1"));
    assertThat(fields("MetricValue"))
        .containsExactly(
            Map.entry("metricName", "string=1"),
            Map.entry("metricValue", "int64=2"),
            Map.entry("metricValueFloat", "double=3"));
  }

  @Test
  void serviceMatchesKeda() {
    ServiceDescriptor service = FILE.findServiceByName("ExternalScaler");
    assertThat(service.getFullName()).isEqualTo("externalscaler.ExternalScaler");
    Map<String, String> methods = new LinkedHashMap<>();
    for (MethodDescriptor method : service.getMethods()) {
      methods.put(
          method.getName(),
          method.getInputType().getName()
              + " -> "
              + (method.isServerStreaming() ? "stream " : "")
              + method.getOutputType().getName());
    }
    assertThat(methods)
        .containsExactly(
            Map.entry("IsActive", "ScaledObjectRef -> IsActiveResponse"),
            Map.entry("StreamIsActive", "ScaledObjectRef -> stream IsActiveResponse"),
            Map.entry("GetMetricSpec", "ScaledObjectRef -> GetMetricSpecResponse"),
            Map.entry("GetMetrics", "GetMetricsRequest -> GetMetricsResponse"),
            Map.entry("StreamMetricSpec", "ScaledObjectRef -> stream GetMetricSpecResponse"));
  }
}
